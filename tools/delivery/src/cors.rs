//! Cross-origin requests: which web apps on other origins may call the
//! server from a browser (`modelmint serve --allow-origin ORIGIN`).
//!
//! A browser sends `Origin` with every cross-origin request and, before a
//! request with `Authorization`, `Range` or a JSON body, a preflight
//! (`OPTIONS` with `Access-Control-Request-Method`). An origin on the list gets
//! the headers that let the page read the answer; any other origin gets none,
//! so the browser keeps the answer from the page (and its preflight is
//! refused with a sentence). With no list (the default) only pages of the
//! server's own origin can read its answers, as without CORS at all.
//!
//! No cookies are involved (the session token is sent as a header by the
//! page itself), so credentials are never allowed.

use http::header::{self, HeaderMap, HeaderValue};
use http::Uri;

/// The methods a preflight may ask for.
const METHODS: &str = "GET, HEAD, POST, OPTIONS";
/// The request headers a page may send: the session token, a resumed
/// download's range, and the sign-in's JSON type.
const REQUEST_HEADERS: &str = "Authorization, Range, Content-Type";
/// The answer headers a page may read besides the CORS-safelisted ones
/// (`Content-Length` is safelisted by the Fetch standard, but some browsers
/// still hide it unless exposed).
const EXPOSED: &str = "Content-Range, Content-Length, Accept-Ranges, ETag";
/// How long a browser may cache a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE_S: &str = "600";

/// The origins allowed to call the server from a browser page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cors {
    /// Each as a browser writes it in `Origin`: `scheme://host[:port]`,
    /// lowercase, without the scheme's default port.
    origins: Vec<String>,
}

/// What a preflight gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Preflight {
    /// An allowed origin: these headers, with 204.
    Allowed(HeaderMap),
    /// Another origin: 403 with this sentence.
    Refused(String),
}

impl Cors {
    /// Allows `origins` (each as [`Cors::parse_origin`] reads it).
    ///
    /// # Errors
    /// The sentence of the first origin that is not one.
    pub fn new<S: AsRef<str>>(origins: &[S]) -> Result<Self, String> {
        let mut parsed = Vec::with_capacity(origins.len());
        for origin in origins {
            let origin = Self::parse_origin(origin.as_ref())?;
            if !parsed.contains(&origin) {
                parsed.push(origin);
            }
        }
        Ok(Self { origins: parsed })
    }

    /// The allowed origins, as browsers write them.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// An origin (`http://` or `https://HOST[:PORT]`, nothing after it but an
    /// optional `/`) in the form a browser sends it: scheme and host in
    /// lowercase, the scheme's default port left out.
    ///
    /// # Errors
    /// A sentence naming what is wrong.
    pub fn parse_origin(text: &str) -> Result<String, String> {
        let refuse = |why: &str| {
            Err(format!("{text:?} is not an origin ({why}): give http://HOST[:PORT] or https://HOST[:PORT], as the web app's address starts"))
        };
        let Ok(uri) = text.parse::<Uri>() else { return refuse("not a URL") };
        let scheme = match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
            Some("http") => "http",
            Some("https") => "https",
            _ => return refuse("the scheme must be http or https"),
        };
        let Some(authority) = uri.authority() else { return refuse("it names no host") };
        if authority.as_str().contains('@') {
            return refuse("an origin has no user name");
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return refuse("an origin has no path or query");
        }
        let host = authority.host().to_ascii_lowercase();
        let default_port = if scheme == "http" { 80 } else { 443 };
        Ok(match authority.port_u16() {
            Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
            _ => format!("{scheme}://{host}"),
        })
    }

    /// The request's `Origin` if it is an allowed one.
    fn allowed<'a>(&self, request: &'a HeaderMap) -> Option<&'a HeaderValue> {
        let origin = request.get(header::ORIGIN)?;
        let text = origin.to_str().ok()?;
        self.origins.iter().any(|allowed| allowed == text).then_some(origin)
    }

    /// Whether `method` with these request headers is a preflight: an
    /// `OPTIONS` with an `Origin` and an `Access-Control-Request-Method`.
    pub fn is_preflight(method: &http::Method, request: &HeaderMap) -> bool {
        method == http::Method::OPTIONS
            && request.contains_key(header::ORIGIN)
            && request.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    }

    /// The answer to a preflight with these request headers.
    pub fn preflight(&self, request: &HeaderMap) -> Preflight {
        let Some(origin) = self.allowed(request) else {
            let origin = request.get(header::ORIGIN).map_or_else(
                || "(none)".into(),
                |value| String::from_utf8_lossy(value.as_bytes()).into_owned(),
            );
            return Preflight::Refused(format!(
                "pages of the origin {origin} may not call this server (its publisher allows {}); nothing was served",
                self.allowed_text()
            ));
        };
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(METHODS));
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(REQUEST_HEADERS),
        );
        headers
            .insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE_S));
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        Preflight::Allowed(headers)
    }

    /// Adds to an answer the headers that let an allowed origin's page read
    /// it; an answer to another origin gets none (the browser hides it).
    pub fn decorate(&self, request: &HeaderMap, answer: &mut HeaderMap) {
        if self.origins.is_empty() {
            return;
        }
        // Caches must not give one origin's answer to another.
        answer.append(header::VARY, HeaderValue::from_static("Origin"));
        if let Some(origin) = self.allowed(request) {
            answer.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            answer.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
        }
    }

    fn allowed_text(&self) -> String {
        if self.origins.is_empty() {
            "only its own origin".into()
        } else {
            self.origins.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn origins_are_read_as_browsers_write_them() {
        for (given, read) in [
            ("http://127.0.0.1:4173", "http://127.0.0.1:4173"),
            ("HTTPS://App.Example.com/", "https://app.example.com"),
            ("https://app.example.com:443", "https://app.example.com"),
            ("http://app.example.com:80", "http://app.example.com"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            assert_eq!(Cors::parse_origin(given).as_deref(), Ok(read), "{given}");
        }
        for bad in [
            "",
            "*",
            "null",
            "app.example.com",
            "ftp://app.example.com",
            "https://app.example.com/ui/",
            "https://app.example.com?x=1",
            "https://user@app.example.com",
        ] {
            let refused = Cors::parse_origin(bad).unwrap_err();
            assert!(refused.contains("is not an origin"), "{bad}: {refused}");
        }
        assert_eq!(
            Cors::new(&["http://a.test", "HTTP://A.test/"]).unwrap().origins(),
            ["http://a.test"]
        );
    }

    #[test]
    fn an_allowed_origin_gets_its_preflight_and_reads_the_answers() {
        let cors = Cors::new(&["http://127.0.0.1:4173", "https://app.example.com"]).unwrap();
        let request = headers(&[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "authorization, range"),
        ]);
        assert!(Cors::is_preflight(&http::Method::OPTIONS, &request));
        let Preflight::Allowed(answer) = cors.preflight(&request) else { panic!("refused") };
        assert_eq!(answer[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
        let allowed = answer[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap();
        for name in ["Authorization", "Range", "Content-Type"] {
            assert!(allowed.contains(name), "{allowed}");
        }
        assert!(answer[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("POST"));
        assert!(!answer.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));

        let mut answer = HeaderMap::new();
        cors.decorate(&headers(&[("origin", "http://127.0.0.1:4173")]), &mut answer);
        assert_eq!(answer[header::ACCESS_CONTROL_ALLOW_ORIGIN], "http://127.0.0.1:4173");
        let exposed = answer[header::ACCESS_CONTROL_EXPOSE_HEADERS].to_str().unwrap();
        assert!(exposed.contains("Content-Range") && exposed.contains("Content-Length"));
        assert_eq!(answer[header::VARY], "Origin");
    }

    #[test]
    fn other_origins_get_no_cors_headers_and_their_preflight_is_refused() {
        let cors = Cors::new(&["https://app.example.com"]).unwrap();
        for origin in [
            "https://evil.example.com",
            "https://app.example.com:8443",
            "http://app.example.com",
            "null",
        ] {
            let request = headers(&[("origin", origin), ("access-control-request-method", "GET")]);
            let Preflight::Refused(sentence) = cors.preflight(&request) else {
                panic!("{origin} allowed")
            };
            assert!(sentence.contains(origin) && sentence.contains("https://app.example.com"));
            let mut answer = HeaderMap::new();
            cors.decorate(&request, &mut answer);
            assert!(!answer.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{origin}");
        }
        // With no list, nothing cross-origin is allowed and answers carry no CORS header.
        let none = Cors::default();
        let request = headers(&[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "GET"),
        ]);
        let Preflight::Refused(sentence) = none.preflight(&request) else { panic!("allowed") };
        assert!(sentence.contains("only its own origin"), "{sentence}");
        let mut answer = HeaderMap::new();
        none.decorate(&request, &mut answer);
        assert!(answer.is_empty());
        // A plain OPTIONS, or one without Origin, is no preflight.
        assert!(!Cors::is_preflight(&http::Method::OPTIONS, &headers(&[("origin", "x")])));
        assert!(!Cors::is_preflight(&http::Method::GET, &request));
    }
}
