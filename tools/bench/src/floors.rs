//! The floors: fixture contracts in `benchmarks/floors/` that do the least a
//! contract purchase or mint must do, instantiated and measured on the same
//! node in the same run. Every ModelMint message is reported as a multiple of
//! one of them.
//!
//! The floors are called through ink!'s own call and create builders with
//! typed arguments (`ExecutionInput::new(selector).push_arg(..)`), not through
//! their generated `…Ref` types: a path dependency on the floor crates would
//! make them packages of this workspace, and ink_e2e builds every workspace
//! package with an `ink-as-dependency` feature before the e2e tests, which is
//! why the floors are a workspace of their own. The selectors are checked
//! against the built bundles' metadata before anything is called, so a renamed
//! message fails here rather than measuring something else.

use crate::runner::{Bench, Refusal, Signer};
use ink::env::call::utils::{ReturnType, Set, Unset};
use ink::env::call::{
    build_call, build_create, CreateBuilder, ExecutionInput, FromAccountId, LimitParamsV2, Selector,
};
use ink::env::{ContractEnv, DefaultEnvironment};
use ink::primitives::AccountId;
use modelmint_cli::CliError;
use modelmint_common::Balance;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A floor contract as ink!'s create builder needs one: its environment, and
/// a reference made from its account (unused: ink_e2e returns the account of
/// what it instantiated, and calls are built with `build_call`).
#[derive(Clone, Debug)]
pub struct Floor;

impl ContractEnv for Floor {
    type Env = DefaultEnvironment;
}

impl FromAccountId<DefaultEnvironment> for Floor {
    fn from_account_id(_account: AccountId) -> Self {
        Self
    }
}

/// Floors (a) and (b) refuse a payment they cannot forward, as
/// `modelmint_floor_pay::FloorError` (mirrored: see the module's header).
#[ink::scale_derive(Decode)]
#[derive(Debug)]
pub enum FloorError {
    TransferFailed,
}

/// Floor (c) refuses a token id that is taken, as
/// `modelmint_floor_mint::MintError` (mirrored).
#[ink::scale_derive(Decode)]
#[derive(Debug)]
pub enum MintError {
    TokenExists,
}

impl Refusal for FloorError {
    fn into_error(self, contract: &'static str, message: &'static str) -> CliError {
        CliError::Other(format!("the {contract} floor refused {message}: {self:?}"))
    }
}

impl Refusal for MintError {
    fn into_error(self, contract: &'static str, message: &'static str) -> CliError {
        CliError::Other(format!("the {contract} floor refused {message}: {self:?}"))
    }
}

/// One floor's build: `<dir>/<crate>.contract` and `<crate>.wasm` side by side,
/// as `cargo contract build` writes them.
#[derive(Debug, Clone)]
pub struct FloorBuild {
    /// `floor_pay`, `floor_relay`, `floor_mint`.
    pub name: &'static str,
    /// The bundle (metadata and code).
    pub bundle: PathBuf,
    /// The optimized Wasm ink_e2e uploads; its file stem names the code.
    pub wasm: PathBuf,
    /// The bundle's JSON.
    pub metadata: Value,
}

impl FloorBuild {
    /// Reads the build whose bundle is at `bundle`.
    ///
    /// # Errors
    /// [`CliError::Input`] if the bundle or its Wasm is missing or malformed.
    pub fn read(name: &'static str, bundle: &Path) -> Result<Self, CliError> {
        let unreadable = |what: &Path, reason: String| {
            CliError::Input(format!(
                "cannot read the {name} build {}: {reason} (scripts/bench.sh builds the floors with cargo contract build --release)",
                what.display()
            ))
        };
        let text = std::fs::read_to_string(bundle)
            .map_err(|error| unreadable(bundle, error.to_string()))?;
        let metadata: Value =
            serde_json::from_str(&text).map_err(|error| unreadable(bundle, error.to_string()))?;
        let wasm = bundle.with_extension("wasm");
        if !wasm.is_file() {
            return Err(unreadable(&wasm, "no such file".into()));
        }
        Ok(Self { name, bundle: bundle.to_owned(), wasm, metadata })
    }

    /// The code's name for ink_e2e: the Wasm's file stem.
    fn code(&self) -> String {
        self.wasm.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The optimized Wasm's size.
    ///
    /// # Errors
    /// [`CliError::Input`].
    pub fn wasm_bytes(&self) -> Result<u64, CliError> {
        std::fs::metadata(&self.wasm)
            .map(|meta| meta.len())
            .map_err(|error| CliError::Input(format!("{}: {error}", self.wasm.display())))
    }

    /// The selector of the constructor or message `label`, checked against
    /// the metadata.
    ///
    /// # Errors
    /// [`CliError::Input`] if the metadata has no `label` with that selector.
    fn selector(&self, kind: &str, label: &str, selector: [u8; 4]) -> Result<Selector, CliError> {
        let expected = format!("0x{}", hex::encode(selector));
        let found = self.metadata["spec"][kind]
            .as_array()
            .into_iter()
            .flatten()
            .any(|entry| entry["label"] == label && entry["selector"] == expected.as_str());
        if found {
            Ok(Selector::new(selector))
        } else {
            Err(CliError::Input(format!(
                "{} has no {label} with selector {expected}: the floor changed, update tools/bench",
                self.bundle.display()
            )))
        }
    }
}

/// The builds of the three floors.
pub struct FloorBuilds {
    pub pay: FloorBuild,
    pub relay: FloorBuild,
    pub mint: FloorBuild,
}

impl FloorBuilds {
    /// The Wasm files, for the client to upload.
    pub fn wasm(&self) -> Vec<PathBuf> {
        [&self.pay, &self.relay, &self.mint].iter().map(|build| build.wasm.clone()).collect()
    }

    /// Each floor's optimized Wasm size, by name.
    ///
    /// # Errors
    /// [`CliError::Input`].
    pub fn sizes(&self) -> Result<Vec<(String, u64)>, CliError> {
        [&self.pay, &self.relay, &self.mint]
            .iter()
            .map(|build| Ok((build.name.to_string(), build.wasm_bytes()?)))
            .collect()
    }
}

/// A constructor as ink_e2e instantiates one.
type Constructor<Args> = CreateBuilder<
    DefaultEnvironment,
    Floor,
    Unset<ink::primitives::Hash>,
    Set<LimitParamsV2<DefaultEnvironment>>,
    Unset<Balance>,
    Set<ExecutionInput<Args>>,
    Unset<ink::env::call::state::Salt>,
    Set<ReturnType<Floor>>,
>;

/// Instantiates `build` as Alice with `constructor`.
async fn instantiate<Args>(
    bench: &mut Bench,
    build: &FloorBuild,
    mut constructor: Constructor<Args>,
) -> Result<AccountId, CliError>
where
    Args: ink::scale::Encode + Clone + Send + Sync,
{
    use ink_e2e::ContractsBackend;
    let result = bench
        .client()
        .instantiate(&build.code(), &Signer::Alice.keypair(), &mut constructor)
        .submit()
        .await
        .map_err(|error| CliError::Chain {
            contract: build.name,
            message: "new",
            reason: format!("{error:?}"),
        })?;
    Ok(result.account_id)
}

/// Instantiates the floors and measures them: (a) `Pay::pay` and (b) `pay`
/// with a payment of `price`, (c) `mint`, each as Bob.
///
/// # Errors
/// [`CliError`] if a floor cannot be instantiated or refuses its message.
pub async fn measure(bench: &mut Bench, floors: &FloorBuilds, price: u128) -> Result<(), CliError> {
    bench.stage(
        "floors: (a) pay and forward, (b) the same through a second contract, (c) a minimal PSP34 mint",
        None,
    );
    let new = |build: &FloorBuild| {
        build.selector("constructors", "new", ink::selector_bytes!("new")).map(ExecutionInput::new)
    };
    let pay_new = new(&floors.pay)?.push_arg(Signer::Alice.account());
    let pay = instantiate(
        bench,
        &floors.pay,
        build_create::<Floor>().exec_input(pay_new).returns::<Floor>(),
    )
    .await?;
    let relay_new = new(&floors.relay)?.push_arg(pay);
    let relay = instantiate(
        bench,
        &floors.relay,
        build_create::<Floor>().exec_input(relay_new).returns::<Floor>(),
    )
    .await?;
    let mint = instantiate(
        bench,
        &floors.mint,
        build_create::<Floor>().exec_input(new(&floors.mint)?).returns::<Floor>(),
    )
    .await?;

    let id: u64 = 1;
    let pay_message = build_call::<DefaultEnvironment>()
        .call(pay)
        .exec_input(
            ExecutionInput::new(floors.pay.selector(
                "messages",
                "Pay::pay",
                ink::selector_bytes!("Pay::pay"),
            )?)
            .push_arg(id),
        )
        .returns::<Result<(), FloorError>>();
    bench
        .measure(
            "floor (a): record one value, forward the payment",
            Signer::Bob,
            ("floor_pay", "Pay::pay"),
            &pay_message,
            price,
        )
        .await?;
    let relay_message = build_call::<DefaultEnvironment>()
        .call(relay)
        .exec_input(
            ExecutionInput::new(floors.relay.selector(
                "messages",
                "pay",
                ink::selector_bytes!("pay"),
            )?)
            .push_arg(id),
        )
        .returns::<Result<(), FloorError>>();
    bench
        .measure(
            "floor (b): (a) through a second contract",
            Signer::Bob,
            ("floor_relay", "pay"),
            &relay_message,
            price,
        )
        .await?;
    let mint_message = build_call::<DefaultEnvironment>()
        .call(mint)
        .exec_input(
            ExecutionInput::new(floors.mint.selector(
                "messages",
                "mint",
                ink::selector_bytes!("mint"),
            )?)
            .push_arg(id),
        )
        .returns::<Result<(), MintError>>();
    bench
        .measure(
            "floor (c): minimal PSP34 mint",
            Signer::Bob,
            ("floor_mint", "mint"),
            &mint_message,
            0,
        )
        .await?;
    Ok(())
}
