// Who a deployed console acts as (console/config.json {"mode":"oidc"}). The local stack's mode, the "signed in
// as" picker sending the local identity headers, lives in local/ and is neither loaded nor published deployed
// (scripts/console-deploy leaves local/ out).
//  - "oidc" (a deployed console): sign-in with the identity provider the stack trusts, authorization code with
//    PKCE through oidc-client-ts (vendor/oidc-client-ts.min.js); each call carries the bearer token, and the firm
//    comes from the token's firmId claim.

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/** Deployed mode: OpenID Connect, authorization code + PKCE (oidc-client-ts), tokens in session storage. */
export class OidcIdentity {
  constructor(config) { this.mode = 'oidc'; this.config = config; this.user = null; }
  async start() {
    await loadScript(new URL('vendor/oidc-client-ts.min.js', import.meta.url).href);
    const { UserManager, WebStorageStateStore } = window.oidc;
    const here = new URL(window.location.href);
    const redirect = this.config.redirectUri ?? `${here.origin}${here.pathname}`;
    this.manager = new UserManager({
      authority: this.config.authority,
      client_id: this.config.clientId,
      redirect_uri: redirect,
      post_logout_redirect_uri: redirect,
      response_type: 'code',
      scope: this.config.scope ?? 'openid profile email',
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      automaticSilentRenew: false,
    });
    if (here.searchParams.has('code') && here.searchParams.has('state')) {
      const user = await this.manager.signinRedirectCallback();
      const back = user.state && typeof user.state === 'string' ? user.state : '#/';
      window.history.replaceState(null, '', `${here.pathname}${back}`);
    }
    this.user = await this.manager.getUser();
    if (this.user?.expired) this.user = null;
  }
  get signedIn() { return !!this.user; }
  /** The token the API's JWT authorizer checks: the id token by default (it carries firmId), or the access token. */
  get token() { return this.config.token === 'access_token' ? this.user?.access_token : this.user?.id_token; }
  get claims() { return this.user?.profile ?? {}; }
  get firmId() { return this.claims.firmId ?? null; }
  get userId() { return this.claims.sub ?? null; }
  get firmName() { return this.firmId; }
  async headers() {
    if (this.user?.expired) {
      await this.signIn();
      return {};
    }
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
  signIn() { return this.manager.signinRedirect({ state: window.location.hash || '#/' }); }
  signOut() { return this.manager.signoutRedirect().catch(() => this.manager.removeUser().then(() => window.location.reload())); }
}
