f=$1
for i in 1 2 3 4 5; do
LIFEBOAT_CONFIG_FILE=/tmp/n12/config.json TABLE_NAME=t EVENT_BUS_NAME=b PUBLIC_API_URL=https://api.example API_KEY_PEPPER_SECRET_ARN=x TOKEN_KEY_SECRET_ARN=x SES_CONFIGURATION_SET=x SLACK_SIGNING_SECRET_ARN=x SLACK_BOT_TOKEN_SECRET_ARN=x SLACK_WORKER_FUNCTION=x AWS_REGION=eu-west-3 node -e "const t=performance.now(); await import('$f'); console.log((performance.now()-t).toFixed(1))" --input-type=module
done | sort -n | tr '\n' ' '; echo " $f"
