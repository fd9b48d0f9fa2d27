import { PRODUCTION_GRAPH_URL } from '../body/graph-names.js';

/** The defaults, used when no flag, environment variable or profile value gives one. */
export const DEFAULT_GRAPH_URL = PRODUCTION_GRAPH_URL;
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_TENANT = 'organizations';
/** Microsoft Graph Command Line Tools: a public client every tenant can consent to. */
export const DEFAULT_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
