//! The distribution API as a client reads it off the wire, doing no I/O itself: the
//! errors a registry answers with and the lines Docker makes of them ([`errors`]), the
//! `WWW-Authenticate` challenges it sends ([`challenge`]), the token a Bearer
//! challenge leads to ([`token`]), and how each request is authorized ([`auth`]). Each follows docker/distribution's client as moby
//! v28.5.2 vendors it (`registry/api/errcode`, `registry/client/errors.go`,
//! `registry/client/auth`), so that what a real registry answers prints as Docker prints it.

pub mod auth;
pub mod challenge;
pub mod errors;
pub mod token;
pub mod transport;

pub use auth::{AuthError, Authorization, Authorizer, Credentials, TokenKey};
pub use challenge::{parse_challenges, Challenge};
pub use errors::{error_response, ApiError, Code, ResponseError};
pub use token::{token_request_url, Token, TokenCache, TokenError};
pub use transport::{status_text, Method, Request, Response, Transport, TransportError, UrlError};
