//! `#[e2e::test]`: the attribute every test of ModelMint's end-to-end suite
//! carries in place of `#[ink_e2e::test]`.
//!
//! `#[ink_e2e::test]` decides at *compile time* whether a test starts a node of
//! its own or talks to a running one (it reads `CONTRACTS_NODE_URL` while the
//! macro expands, and cargo does not rebuild when that variable changes), and
//! it cannot hand one node to one test at a time. This attribute expands to the
//! same ink_e2e client, but takes the node at *run time* from
//! `crate::support::node::Node::acquire` in the test crate: a node of the pool
//! that `scripts/test.sh` started (`MODELMINT_E2E_NODES`), leased to this test
//! alone while it runs, or, without a pool, a fresh `--dev` node of the test's
//! own, as `#[ink_e2e::test]` starts.
//!
//! ```ignore
//! #[e2e::test]
//! async fn a_purchase_pays_the_price<Client: E2EBackend>(mut client: Client) -> E2EResult<()> {
//!     // `client` is an `ink_e2e::Client` on the leased node
//!     Ok(())
//! }
//! ```
//!
//! As with `#[ink_e2e::test]`, the function's parameter only names the client
//! for the reader: the body runs with a `client` variable of the generated code.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, spanned::Spanned, ItemFn};

/// Turns an `async fn name(mut client: Client) -> E2EResult<()>` into a
/// `#[test]` that builds the contracts (once per process, as ink_e2e does),
/// leases a node, connects an `ink_e2e::Client` to it and runs the body.
///
/// The lease ends when the test does, whether it passed or panicked.
#[proc_macro_attribute]
pub fn test(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemFn);
    if !attr.is_empty() {
        let attr = proc_macro2::TokenStream::from(attr);
        return syn::Error::new(attr.span(), "#[e2e::test] takes no arguments")
            .to_compile_error()
            .into();
    }
    if item.sig.asyncness.is_none() {
        return syn::Error::new(item.sig.fn_token.span(), "an e2e test is an `async fn`")
            .to_compile_error()
            .into();
    }
    let ItemFn { attrs, vis, sig, block } = &item;
    let name = &sig.ident;
    let output = &sig.output;
    quote! {
        #( #attrs )*
        #[test]
        #vis fn #name() #output {
            ::ink_e2e::LOG_PREFIX.with(|prefix| {
                *prefix.borrow_mut() = ::std::format!("test: {}", ::core::stringify!(#name));
            });
            ::ink_e2e::INIT.call_once(|| {
                ::ink_e2e::tracing_subscriber::fmt::init();
            });
            let contracts = ::ink_e2e::build_root_and_contract_dependencies();
            ::ink_e2e::tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap_or_else(|err| ::core::panic!("failed to build the test's Tokio runtime: {err}"))
                .block_on(async {
                    // Dropped after the body (and its client): only then does
                    // the next test get this node.
                    let node = crate::support::node::Node::acquire().await;
                    crate::support::node::set_current(node.rpc());
                    #[allow(unused_mut)]
                    let mut client = ::ink_e2e::Client::<
                        ::ink_e2e::PolkadotConfig,
                        ::ink::env::DefaultEnvironment,
                    >::new(node.rpc(), contracts)
                    .await?;
                    #block
                })
        }
    }
    .into()
}
