//! The read API: JSON over HTTP (hyper 1, as the delivery server), served by
//! the indexer's own process from its database. Every answer is a JSON
//! document; a refusal is `{"error": "<sentence>"}` with a 4xx status.
//! Amounts are decimal strings. docs/index.md lists the routes.

use crate::chain::Progress;
use crate::queries::{self, ModelSearch};
use crate::store::Store;
use crate::IndexError;
use bytes_body::Body;
use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::net::TcpListener;

mod bytes_body {
    /// A whole JSON document as a response body.
    pub type Body = http_body_util::Full<hyper::body::Bytes>;
}

/// The page size of `/models` when the request names none.
pub const DEFAULT_PAGE: u32 = 50;

/// What the API reads: the database and the chain's heads.
#[derive(Clone)]
pub struct Api {
    store: Store,
    progress: Arc<Progress>,
}

impl Api {
    /// An API over `store`, reporting `progress` in `/status`.
    pub fn new(store: Store, progress: Arc<Progress>) -> Self {
        Self { store, progress }
    }

    /// Serves connections from `listener` until the task is dropped.
    ///
    /// # Errors
    /// Never returns otherwise; a connection's failure is the peer's business.
    pub async fn serve(self, listener: TcpListener) -> std::io::Result<()> {
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let api = self.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let api = api.clone();
                    async move {
                        Ok::<_, std::convert::Infallible>(
                            api.answer(request.method(), request.uri()).await,
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }

    /// The answer to `GET path?query`, or to a browser's CORS preflight.
    ///
    /// Every answer allows any origin (`Access-Control-Allow-Origin: *`): the
    /// API is public and read-only, it reads no cookie and holds nothing per
    /// user, so a list of allowed origins would keep no data from anyone (any
    /// other client reads it as it is) and would only stop web apps served
    /// from elsewhere. `*` also tells browsers never to send credentials.
    pub async fn answer(&self, method: &Method, uri: &http::Uri) -> Response<Body> {
        if method == Method::OPTIONS {
            return preflight();
        }
        let (status, body) = if method != Method::GET {
            (StatusCode::METHOD_NOT_ALLOWED, json!({ "error": "the index API only answers GET" }))
        } else {
            match self.route(uri.path(), &parse_query(uri.query().unwrap_or(""))).await {
                Ok(Some(value)) => (StatusCode::OK, value),
                Ok(None) => (
                    StatusCode::NOT_FOUND,
                    json!({ "error": format!("{} is not a resource of the index API (docs/index.md lists them)", uri.path()) }),
                ),
                Err(IndexError::Input(reason)) => {
                    (StatusCode::BAD_REQUEST, json!({ "error": reason }))
                }
                Err(error) => {
                    (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": error.to_string() }))
                }
            }
        };
        let mut response = Response::new(Body::from(body.to_string()));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers
            .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            headers.insert(http::header::ALLOW, http::HeaderValue::from_static(ALLOWED_METHODS));
        }
        allow_any_origin(headers);
        response
    }

    /// The JSON of one route (`None`: no such route or model).
    ///
    /// # Errors
    /// [`IndexError::Input`] for a bad parameter, else the database's.
    pub async fn route(
        &self,
        path: &str,
        query: &HashMap<String, String>,
    ) -> Result<Option<Value>, IndexError> {
        let pool = self.store.pool();
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let value = match parts.as_slice() {
            ["status"] => self.status().await?,
            ["digest"] => self.store.digest().await?,
            ["models"] => {
                let search = ModelSearch {
                    name: query.get("name").cloned(),
                    root: query.get("root").cloned(),
                    owner: query.get("owner").cloned(),
                    status: query.get("status").cloned(),
                    kind: query.get("kind").cloned(),
                    uses: query
                        .get("uses")
                        .map(|uses| uses.split(',').map(str::to_owned).collect())
                        .unwrap_or_default(),
                    min_price: amount(query, "min_price")?,
                    max_price: amount(query, "max_price")?,
                    after: number(query, "after")?,
                    limit: number(query, "limit")?
                        .map_or(Ok(DEFAULT_PAGE), u32::try_from)
                        .map_err(|_| IndexError::Input("limit takes a number up to 200".into()))?,
                };
                serde_json::to_value(queries::models(pool, &search).await?).map_err(internal)?
            }
            ["models", id, rest @ ..] => {
                let id: u64 = id
                    .parse()
                    .map_err(|_| IndexError::Input(format!("{id:?} is not a model id")))?;
                let Some(model) = queries::model(pool, id).await? else {
                    return Err(IndexError::Input(format!("the index knows no model {id}")));
                };
                match rest {
                    [] => serde_json::to_value(model).map_err(internal)?,
                    ["lineage"] => {
                        let (parents, children) = queries::lineage(pool, id).await?;
                        json!({ "model": id, "parents": parents, "children": children })
                    }
                    ["offers"] => {
                        serde_json::to_value(queries::offers(pool, id).await?).map_err(internal)?
                    }
                    ["sales"] => {
                        let sales = queries::sales(pool, id).await?;
                        let (_, total) = queries::revenue(pool, id).await?;
                        json!({ "model": id, "sales": sales, "revenue": total.to_string() })
                    }
                    ["revenue"] => {
                        let (days, total) = queries::revenue(pool, id).await?;
                        json!({ "model": id, "days": days, "total": total.to_string() })
                    }
                    ["split"] => {
                        serde_json::to_value(queries::memberships(pool, None, Some(id)).await?)
                            .map_err(internal)?
                    }
                    _ => return Ok(None),
                }
            }
            ["accounts", account, what] => {
                check_address(account)?;
                match *what {
                    "licenses" => serde_json::to_value(queries::licenses(pool, account).await?)
                        .map_err(internal)?,
                    "payouts" => {
                        let (payouts, total) = queries::payouts(pool, account).await?;
                        json!({ "account": account, "payouts": payouts, "total": total.to_string() })
                    }
                    "splits" => {
                        serde_json::to_value(queries::memberships(pool, Some(account), None).await?)
                            .map_err(internal)?
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    async fn status(&self) -> Result<Value, IndexError> {
        let head = self.progress.head.load(Ordering::Relaxed);
        let finalized = self.progress.finalized.load(Ordering::Relaxed);
        let indexed = queries::indexed(self.store.pool()).await?;
        let indexed_block = indexed.map(|(number, _)| u64::try_from(number).unwrap_or(0));
        let lag = finalized.saturating_sub(indexed_block.unwrap_or(0));
        Ok(json!({
            "head": head,
            "finalized": finalized,
            "indexed": indexed_block,
            "indexed_at": indexed.map(|(_, at)| at),
            "lag": lag,
            "database": if self.store.is_postgres() { "postgres" } else { "sqlite" },
        }))
    }
}

/// The methods the API answers: `GET`, and `OPTIONS` for CORS preflights.
const ALLOWED_METHODS: &str = "GET, OPTIONS";

/// The CORS headers of every answer: any origin may read it.
fn allow_any_origin(headers: &mut http::HeaderMap) {
    headers.insert(http::header::ACCESS_CONTROL_ALLOW_ORIGIN, http::HeaderValue::from_static("*"));
}

/// The answer to a CORS preflight (`OPTIONS`): a browser asks it before a
/// `GET` with a header of its own (e.g. a web app's `Cache-Control`); any
/// origin may `GET` with any header, and the browser may keep this for a day.
fn preflight() -> Response<Body> {
    let mut response = Response::new(Body::default());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    allow_any_origin(headers);
    headers.insert(
        http::header::ACCESS_CONTROL_ALLOW_METHODS,
        http::HeaderValue::from_static(ALLOWED_METHODS),
    );
    headers.insert(http::header::ACCESS_CONTROL_ALLOW_HEADERS, http::HeaderValue::from_static("*"));
    headers.insert(http::header::ACCESS_CONTROL_MAX_AGE, http::HeaderValue::from_static("86400"));
    headers.insert(http::header::ALLOW, http::HeaderValue::from_static(ALLOWED_METHODS));
    response
}

fn check_address(text: &str) -> Result<(), IndexError> {
    use std::str::FromStr;
    ink_e2e::subxt::utils::AccountId32::from_str(text)
        .map(|_| ())
        .map_err(|_| IndexError::Input(format!("{text:?} is not an SS58 account address")))
}

fn internal(error: serde_json::Error) -> IndexError {
    IndexError::Database(format!("cannot render the answer as JSON: {error}"))
}

fn number(query: &HashMap<String, String>, key: &str) -> Result<Option<u64>, IndexError> {
    query
        .get(key)
        .map(|text| {
            text.parse().map_err(|_| IndexError::Input(format!("{key}={text:?} is not a number")))
        })
        .transpose()
}

fn amount(query: &HashMap<String, String>, key: &str) -> Result<Option<u128>, IndexError> {
    query
        .get(key)
        .map(|text| {
            text.parse().map_err(|_| {
                IndexError::Input(format!("{key}={text:?} is not an amount in the smallest unit"))
            })
        })
        .transpose()
}

/// The parameters of a query string, percent-decoded (`+` is a space).
pub fn parse_query(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(&text.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(key), decode(value))
        })
        .collect()
}
