/**
 * /assets/refresh.js: progressive enhancement only. While the tab is visible it checks the page's
 * updated_at once a minute and reloads when it changed. With JavaScript off the page is complete.
 */
export const REFRESH_SCRIPT = `(function(){
var seen=null;
function check(){
 if(document.visibilityState!=='visible')return;
 fetch('/api/v2/status.json',{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){
  var at=s.page&&s.page.updated_at;
  if(seen&&at&&at!==seen)location.reload();
  seen=at||seen;
 }).catch(function(){});
}
check();setInterval(check,60000);
document.addEventListener('visibilitychange',check);
})();
`;
