// Amplify Auth as the app uses it outside the sign-in page. It is a chunk of its own, which
// load-amplify.ts fetches only when a session may exist or someone goes to sign in: a visitor
// reading the feed or watching a video never downloads it.
export { fetchAuthSession, getCurrentUser, signOut } from 'aws-amplify/auth';
export { Hub } from 'aws-amplify/utils';
export { configureAmplify } from './configure-amplify';
