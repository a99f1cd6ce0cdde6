/** What the stand-in aws provider puts in fake secrets, so tests can prove no plaintext secret leaks anywhere. */
export const STANDIN_SECRET_PREFIX = "STANDIN-SECRET-";
/** The account ID in the stand-in's fake ARNs. */
export const STANDIN_ACCOUNT_ID = "123456789012";
