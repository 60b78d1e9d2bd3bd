/** The CDK app: `npx cdk deploy --all` with the settings described in the README. */
import { App } from 'aws-cdk-lib';
import { buildLifeboatApp, readSettings } from '../lib/app';

const app = new App();
buildLifeboatApp(app, readSettings(app));
