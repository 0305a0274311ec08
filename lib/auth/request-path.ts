// proxy.ts copies each page request's path into this header, because Server
// Components cannot read the URL they render. requireUser() uses it to send a
// signed-out person back where they were after signing in. It is a hint for a
// redirect, never an authorisation input: the proxy overwrites whatever the
// browser sent, and the sign-in page accepts only same-site paths.
export const REQUEST_PATH_HEADER = "x-jtbd-path";
