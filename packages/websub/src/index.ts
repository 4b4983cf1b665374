// Public surface of @newsq/websub: the subscriber's side of WebSub (W3C Recommendation) as plain
// functions: hub discovery, subscription requests and their renewal, verification of intent, and the
// signature check on pushed content. Storing subscriptions and sending requests belong to their callers.
export { discoverHub, type HubLink } from './discover-hub';
export { PUSH_SIGNATURE_HEADER, signPush, verifyPushSignature } from './push-signature';
export {
  answerVerification,
  callbackUrl,
  newPushSecret,
  RETRY_AFTER_DENIAL_SECONDS,
  RETRY_AFTER_FAILURE_SECONDS,
  renewalDueAt,
  secondsFrom,
  subscriptionRequestBody,
  VERIFICATION_WAIT_SECONDS,
} from './subscription';
