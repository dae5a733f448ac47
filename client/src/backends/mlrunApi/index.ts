/** The MLRun API backend and what the UI needs around it (endpoint resolution, credentials, dotenv). */
export { createMlrunApiBackend, MlrunApiBackend, type ClientSpec, type MlrunApiBackendOptions } from './backend';
export { authHeaders, credentialEntry, isIguazioSession, sessionCookie, StoredCredentials, type CredentialProvider, type MlrunCredentials } from './auth';
export { mlrunEnvFilePath, parseMlrunUrl, resolveMlrunEndpoint, type EndpointInputs, type EndpointSource, type MlrunEndpoint } from './endpoint';
export { dotenvValues, parseDotenv, type DotenvEntry, type DotenvResult } from './dotenv';
export { asciiJson } from './client';
