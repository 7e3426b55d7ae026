// The caller of reads made without a wallet, in a module of its own: the app's shell needs
// it before the chain layer (dedot, the contracts' metadata) is loaded.
/**
 * An account that signs nothing: the caller of reads made before a wallet is
 * connected (the contracts' reads do not depend on the caller).
 */
export const NOBODY = '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM';
