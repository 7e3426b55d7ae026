//! The one implementation of `modelmint_common::admin::Admin` for every
//! ModelMint contract.
//!
//! `#[ink::contract]` only sees messages written inside its module, so a trait
//! implementation cannot come from a function or a `macro_rules!` invoked
//! there. The [`admin`](macro@admin) attribute runs *before* `#[ink::contract]` and writes
//! the implementation into the module, so all contracts answer the same
//! selectors with the same delegations to their `AdminData` field, and the
//! code exists once:
//!
//! ```ignore
//! #[modelmint_macros::admin(storage = Registry, links = crate::LINKS, layout = crate::LAYOUT_VERSION)]
//! #[ink::contract]
//! mod registry {
//!     #[ink(storage)]
//!     pub struct Registry { data: RegistryData, admin: AdminData }
//!     // ...
//! }
//! ```
//!
//! The storage struct must hold the administration in a field named `admin`
//! (override with `field = name`).
//!
//! A contract that keeps its administration in a library it delegate-calls
//! (see `modelmint_common::library`) names the field holding the library's
//! code hash with `delegate = name`: every message of the implementation
//! then forwards its call to the library, which implements `Admin` itself.

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{parse_macro_input, Expr, Ident, ItemMod, Path, Token};

/// The attribute's arguments: `storage = Type, links = expr, layout = expr[,
/// field = ident][, delegate = ident]`.
struct Args {
    storage: Path,
    links: Expr,
    layout: Expr,
    field: Ident,
    delegate: Option<Ident>,
}

struct Arg {
    name: Ident,
    value: Expr,
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        Ok(Self { name, value: input.parse()? })
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let span = input.span();
        let (mut storage, mut links, mut layout, mut field) = (None, None, None, None);
        let mut delegate = None;
        for arg in Punctuated::<Arg, Token![,]>::parse_terminated(input)? {
            match arg.name.to_string().as_str() {
                "storage" => storage = Some(as_path(arg.value)?),
                "links" => links = Some(arg.value),
                "layout" => layout = Some(arg.value),
                "field" => field = as_path(arg.value)?.get_ident().cloned(),
                "delegate" => delegate = as_path(arg.value)?.get_ident().cloned(),
                other => {
                    return Err(syn::Error::new(
                        arg.name.span(),
                        format!(
                            "unknown argument `{other}`: expected storage, links, layout, field, delegate"
                        ),
                    ))
                }
            }
        }
        let missing = |what: &str| syn::Error::new(span, format!("missing `{what} = ...`"));
        Ok(Self {
            storage: storage.ok_or_else(|| missing("storage"))?,
            links: links.ok_or_else(|| missing("links"))?,
            layout: layout.ok_or_else(|| missing("layout"))?,
            field: field.unwrap_or_else(|| Ident::new("admin", span)),
            delegate,
        })
    }
}

fn as_path(value: Expr) -> syn::Result<Path> {
    match value {
        Expr::Path(path) => Ok(path.path),
        other => Err(syn::Error::new_spanned(other, "expected a type or field name")),
    }
}

/// Writes `impl modelmint_common::admin::Admin for <storage>` into the
/// `#[ink::contract]` module it is placed above (see the crate docs).
#[proc_macro_attribute]
pub fn admin(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(attr as Args);
    let mut module = parse_macro_input!(item as ItemMod);
    let Some((_, items)) = module.content.as_mut() else {
        return syn::Error::new_spanned(&module, "#[admin] needs an inline `mod { ... }`")
            .to_compile_error()
            .into();
    };
    items.push(implementation(&args));
    quote!(#module).into()
}

/// The bodies of the implementation's messages: delegations to the
/// administration field, or forwards to the library.
struct Bodies {
    view: proc_macro2::TokenStream,
    propose: proc_macro2::TokenStream,
    accept: proc_macro2::TokenStream,
    renounce: proc_macro2::TokenStream,
    pause: proc_macro2::TokenStream,
    wire: proc_macro2::TokenStream,
    schedule: proc_macro2::TokenStream,
    cancel: proc_macro2::TokenStream,
    execute: proc_macro2::TokenStream,
}

fn bodies(args: &Args) -> Bodies {
    let Args { links, layout, field, delegate, .. } = args;
    if let Some(library) = delegate {
        // The arguments were decoded by the dispatcher and travel on in the
        // cloned input: the body only hands the call over.
        let forward = |fallible: bool, used: proc_macro2::TokenStream| {
            quote! {{
                let _ = #used;
                ::modelmint_common::library::forward(self.#library, #fallible)
            }}
        };
        return Bodies {
            view: forward(false, quote!(())),
            propose: forward(true, quote!(next)),
            accept: forward(true, quote!(())),
            renounce: forward(true, quote!(())),
            pause: forward(true, quote!(paused)),
            wire: forward(true, quote!(wiring)),
            schedule: forward(true, quote!(action)),
            cancel: forward(true, quote!(())),
            execute: forward(true, quote!(())),
        };
    }
    Bodies {
        view: quote!({ self.#field.view(#links, #layout) }),
        propose: quote!({ self.#field.propose_admin_message(next) }),
        accept: quote!({ self.#field.accept_admin_message() }),
        renounce: quote!({ self.#field.renounce_admin_message() }),
        pause: quote!({ self.#field.set_paused_message(paused) }),
        wire: quote!({ self.#field.wire_message(#links, wiring) }),
        schedule: quote!({ self.#field.schedule_message(#links, action) }),
        cancel: quote!({ self.#field.cancel_scheduled_message() }),
        execute: quote!({ self.#field.execute_scheduled_message() }),
    }
}

fn implementation(args: &Args) -> syn::Item {
    let storage = &args.storage;
    let Bodies { view, propose, accept, renounce, pause, wire, schedule, cancel, execute } =
        bodies(args);
    syn::parse_quote! {
        impl ::modelmint_common::admin::Admin for #storage {
            #[ink(message)]
            fn admin_state(&self) -> ::modelmint_common::admin::AdminView #view

            #[ink(message)]
            fn propose_admin(
                &mut self,
                next: ::core::option::Option<::ink::primitives::AccountId>,
            ) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #propose

            #[ink(message)]
            fn accept_admin(&mut self) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #accept

            #[ink(message)]
            fn renounce_admin(&mut self) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #renounce

            #[ink(message)]
            fn set_paused(&mut self, paused: bool) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #pause

            #[ink(message)]
            fn wire(
                &mut self,
                wiring: ::modelmint_common::admin::Wiring,
            ) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #wire

            #[ink(message)]
            fn schedule(
                &mut self,
                action: ::modelmint_common::admin::AdminAction,
            ) -> ::core::result::Result<::modelmint_common::Timestamp, ::modelmint_common::admin::AdminError> #schedule

            #[ink(message)]
            fn cancel_scheduled(&mut self) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #cancel

            #[ink(message)]
            fn execute_scheduled(&mut self) -> ::core::result::Result<(), ::modelmint_common::admin::AdminError> #execute
        }
    }
}
