//! The library behind the `modelmint` command line: a deployment manifest, a
//! connection to a node with the signing account, and calls to the ModelMint
//! contracts made with the contracts' own message types (never hand-built
//! SCALE). Every state-changing call is dry-run first: a refusal is reported
//! with the contract's typed error and nothing is sent.

pub mod deploy;
pub mod errors;
pub mod payouts;
pub mod verify;

use errors::{sentence, ContractError};
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::utils::AccountId32;
use ink_e2e::{CallBuilderFinal, ContractsBackend, Keypair, PolkadotConfig};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The node client: ink_e2e's subxt client for ink! 5 contracts.
pub type Client = ink_e2e::Client<PolkadotConfig, DefaultEnvironment>;

/// Everything that can stop a command, each with what to do about it.
#[derive(Debug)]
pub enum CliError {
    /// The deployment manifest is missing or unreadable.
    Deployment { path: PathBuf, reason: String },
    /// A command that sends a transaction was given no signing account.
    NoSigner,
    /// The secret URI does not describe a key.
    BadSuri,
    /// An address is not an SS58 account id.
    BadAddress { address: String },
    /// No node answers at the URL.
    Unreachable { url: String, reason: String },
    /// The contract refused the call (a typed error, as a sentence, and its
    /// variant's name); nothing was sent.
    Refused { contract: &'static str, message: &'static str, error: String, variant: String },
    /// The chain refused or failed the call outside the contract's rules.
    Chain { contract: &'static str, message: &'static str, reason: String },
    /// What a command names does not exist (a model, an offer).
    NotFound(String),
    /// A file could not be hashed.
    Hashing(String),
    /// An argument or input file is not what the command takes.
    Input(String),
    /// A delivery server refused a download, or sent what the chain does
    /// not vouch for (`modelmint fetch`); nothing unverified was kept.
    Delivery(String),
    /// Something else went wrong.
    Other(String),
    /// `modelmint verify`: a deployed contract does not run the code the
    /// source builds; its report, for people and as JSON.
    Unverified { text: String, json: serde_json::Value },
}

impl CliError {
    /// The process exit code: 2 for what stops a command before it reaches the
    /// chain (configuration, input), 3 for a refusal by a contract, the chain
    /// or a delivery server,
    /// 4 for a deployment that runs other code than its source builds, 1 for
    /// anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Deployment { .. }
            | Self::NoSigner
            | Self::BadSuri
            | Self::BadAddress { .. }
            | Self::Unreachable { .. }
            | Self::Hashing(_)
            | Self::Input(_) => 2,
            Self::Refused { .. } | Self::Chain { .. } | Self::NotFound(_) | Self::Delivery(_) => 3,
            Self::Other(_) => 1,
            Self::Unverified { .. } => 4,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Deployment { path, reason } => write!(
                f,
                "cannot read the deployment manifest {}: {reason} (scripts/deploy.sh writes it; pass --deployment FILE)",
                path.display()
            ),
            Self::NoSigner => write!(
                f,
                "this command sends a transaction: give the signing account with --suri or MODELMINT_SURI"
            ),
            Self::BadSuri => write!(
                f,
                "the secret URI is not a key (expected a mnemonic, a 0x-prefixed seed or a dev path such as //Alice); it is not printed"
            ),
            Self::BadAddress { address } => write!(f, "{address:?} is not an SS58 account address"),
            Self::Unreachable { url, reason } => {
                write!(f, "no node answers at {url} ({reason}); start one with scripts/node.sh start or pass --url")
            }
            Self::Refused { contract, message, error, variant } => write!(
                f,
                "the {contract} contract refused {message}: {error} ({variant}); nothing was sent"
            ),
            Self::Chain { contract, message, reason } => {
                write!(f, "the chain did not run {contract}.{message}: {reason}")
            }
            Self::NotFound(what) => write!(f, "{what}"),
            Self::Hashing(reason) => write!(f, "cannot hash the model: {reason}"),
            Self::Input(reason) | Self::Delivery(reason) => write!(f, "{reason}"),
            Self::Other(reason) => write!(f, "{reason}"),
            Self::Unverified { text, .. } => write!(f, "{text}"),
        }
    }
}

impl std::error::Error for CliError {}

/// The addresses of one deployment, as `modelmint deploy` (`scripts/deploy.sh`)
/// records them in `deployments/<network>.json`.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// The manifest's network name.
    pub network: String,
    /// The model registry.
    pub registry: AccountId,
    /// The market: offers, licenses, splits and withdrawals, at one address.
    pub market: AccountId,
    /// The code hash of the market's desk (uploaded, never instantiated: the
    /// market runs it for its cold messages).
    pub market_desk: ink::primitives::Hash,
    /// The example inference gateway.
    pub gateway: AccountId,
}

#[derive(Deserialize)]
struct Manifest {
    network: String,
    contracts: Contracts,
}

#[derive(Deserialize)]
struct Contracts {
    registry: Entry,
    market: Entry,
    market_desk: CodeEntry,
    gateway: Entry,
}

#[derive(Deserialize)]
struct Entry {
    address: String,
}

#[derive(Deserialize)]
struct CodeEntry {
    code_hash: String,
}

impl Deployment {
    /// Reads the manifest at `path`.
    ///
    /// # Errors
    /// [`CliError::Deployment`] if it is missing or malformed,
    /// [`CliError::BadAddress`] if an address is not SS58.
    pub fn read(path: &Path) -> Result<Self, CliError> {
        let failed = |reason: String| CliError::Deployment { path: path.to_owned(), reason };
        let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|error| failed(error.to_string()))?;
        let desk = &manifest.contracts.market_desk.code_hash;
        let market_desk = parse_code_hash(desk).ok_or_else(|| {
            failed(format!("market_desk.code_hash {desk:?} is not 0x + 64 hex digits"))
        })?;
        Ok(Self {
            network: manifest.network,
            registry: parse_account(&manifest.contracts.registry.address)?,
            market: parse_account(&manifest.contracts.market.address)?,
            market_desk,
            gateway: parse_account(&manifest.contracts.gateway.address)?,
        })
    }
}

/// A code hash written `0x` + 64 hex digits (as the manifest and
/// cargo-contract's bundles write them).
pub fn parse_code_hash(text: &str) -> Option<ink::primitives::Hash> {
    let bytes: [u8; 32] = hex::decode(text.strip_prefix("0x")?).ok()?.try_into().ok()?;
    Some(bytes.into())
}

/// A code hash as `0x` + 64 hex digits.
pub fn code_hash_hex(hash: &ink::primitives::Hash) -> String {
    format!("0x{}", hex::encode(hash.as_ref()))
}

/// An SS58 address as an ink! account id.
///
/// # Errors
/// [`CliError::BadAddress`].
pub fn parse_account(address: &str) -> Result<AccountId, CliError> {
    AccountId32::from_str(address)
        .map(|account| AccountId::from(account.0))
        .map_err(|_| CliError::BadAddress { address: address.to_owned() })
}

/// An ink! account id in SS58 (the generic substrate prefix, 42).
pub fn ss58(account: &AccountId) -> String {
    let bytes: [u8; 32] = *AsRef::<[u8; 32]>::as_ref(account);
    AccountId32(bytes).to_string()
}

/// The key a secret URI describes.
///
/// # Errors
/// [`CliError::BadSuri`] (the URI itself is never echoed).
pub fn signer_from_suri(suri: &str) -> Result<Keypair, CliError> {
    let uri = ink_e2e::subxt_signer::SecretUri::from_str(suri).map_err(|_| CliError::BadSuri)?;
    Keypair::from_uri(&uri).map_err(|_| CliError::BadSuri)
}

/// Connects to the node at `url`.
///
/// # Errors
/// [`CliError::Unreachable`].
pub async fn connect(url: &str) -> Result<Client, CliError> {
    connect_with_code(url, Vec::new()).await
}

/// Connects to the node at `url` with contract code to instantiate: the
/// `.wasm` files, each known by its file stem (`modelmint_registry`).
///
/// # Errors
/// [`CliError::Unreachable`].
pub async fn connect_with_code(
    url: &str,
    wasm: impl IntoIterator<Item = PathBuf>,
) -> Result<Client, CliError> {
    let unreachable = |reason: String| CliError::Unreachable { url: url.to_owned(), reason };
    let rpc =
        ink_e2e::RpcClient::from_url(url).await.map_err(|error| unreachable(error.to_string()))?;
    Client::new(rpc, wasm).await.map_err(|error| unreachable(error.to_string()))
}

/// What a submitted transaction cost its signer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Receipt {
    /// The transaction fee and tip.
    pub fee: u128,
    /// Storage deposit held from the signer (charged: contract storage, and
    /// code it uploaded) ...
    pub storage_deposit_held: u128,
    /// ... and released back to it (refunded).
    pub storage_deposit_released: u128,
}

/// In JSON every amount is a decimal string (a u128 does not fit a JSON
/// reader's double), and `cost` is [`Receipt::cost`].
impl serde::Serialize for Receipt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut receipt = serializer.serialize_struct("Receipt", 4)?;
        receipt.serialize_field("fee", &self.fee.to_string())?;
        receipt.serialize_field("storage_deposit_held", &self.storage_deposit_held.to_string())?;
        receipt.serialize_field(
            "storage_deposit_released",
            &self.storage_deposit_released.to_string(),
        )?;
        receipt.serialize_field("cost", &self.cost().to_string())?;
        receipt.end()
    }
}

impl Receipt {
    /// Reads `payer`'s fee and storage deposits from an extrinsic's events.
    pub fn of<C: ink_e2e::subxt::Config>(events: &ExtrinsicEvents<C>, payer: &AccountId) -> Self {
        use ink::scale::Decode;
        let payer: [u8; 32] = *AsRef::<[u8; 32]>::as_ref(payer);
        let mut receipt = Self::default();
        for event in events.iter().flatten() {
            let mut fields = event.field_bytes();
            match (event.pallet_name(), event.variant_name()) {
                ("TransactionPayment", "TransactionFeePaid") => {
                    if let Ok((who, fee, tip)) = <([u8; 32], u128, u128)>::decode(&mut fields) {
                        if who == payer {
                            receipt.fee = receipt.fee.saturating_add(fee).saturating_add(tip);
                        }
                    }
                }
                ("Contracts", "StorageDepositTransferredAndHeld") => {
                    if let Ok((from, _to, amount)) =
                        <([u8; 32], [u8; 32], u128)>::decode(&mut fields)
                    {
                        if from == payer {
                            receipt.storage_deposit_held =
                                receipt.storage_deposit_held.saturating_add(amount);
                        }
                    }
                }
                ("Contracts", "CodeStored") => {
                    if let Ok((_hash, deposit, uploader)) =
                        <([u8; 32], u128, [u8; 32])>::decode(&mut fields)
                    {
                        if uploader == payer {
                            receipt.storage_deposit_held =
                                receipt.storage_deposit_held.saturating_add(deposit);
                        }
                    }
                }
                ("Contracts", "StorageDepositTransferredAndReleased") => {
                    if let Ok((_from, to, amount)) =
                        <([u8; 32], [u8; 32], u128)>::decode(&mut fields)
                    {
                        if to == payer {
                            receipt.storage_deposit_released =
                                receipt.storage_deposit_released.saturating_add(amount);
                        }
                    }
                }
                _ => {}
            }
        }
        receipt
    }

    /// What the transaction took from the payer's free balance besides any
    /// value it transferred: fee plus deposits held minus deposits released
    /// (negative when more deposit came back than was paid).
    pub fn cost(&self) -> i128 {
        let signed = |amount: u128| i128::try_from(amount).unwrap_or(i128::MAX);
        signed(self.fee)
            .saturating_add(signed(self.storage_deposit_held))
            .saturating_sub(signed(self.storage_deposit_released))
    }
}

/// A weight: picoseconds of reference hardware and bytes of proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gas {
    /// Computation time.
    pub ref_time: u64,
    /// Proof size (what a parachain validator must be sent).
    pub proof_size: u64,
}

/// What a dry run says a call costs: the weight it consumed, the weight limit
/// it needs, and its storage deposit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DryRunCost {
    /// The weight the call consumed.
    pub consumed: Gas,
    /// The weight limit the call needs to succeed.
    pub required: Gas,
    /// The storage deposit charged (positive) or refunded (negative).
    pub storage_deposit: i128,
}

/// Dry-runs `message` as `signer`, returning its decoded result (`Err` is the
/// contract's typed refusal), or why the chain could not run it.
///
/// # Errors
/// [`CliError::Chain`] if the chain refused the call outside the contract.
pub async fn dry_run<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    what: (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, R>,
    value: u128,
) -> Result<R, CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    R: ink::scale::Decode + Send,
    CallBuilderFinal<DefaultEnvironment, Args, R>: Clone,
{
    Ok(dry_run_with_cost(client, signer, what, message, value).await?.0)
}

/// [`dry_run`], also returning what the call costs (the benchmark records it).
///
/// # Errors
/// As [`dry_run`].
pub async fn dry_run_with_cost<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, R>,
    value: u128,
) -> Result<(R, DryRunCost), CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    R: ink::scale::Decode + Send,
    CallBuilderFinal<DefaultEnvironment, Args, R>: Clone,
{
    let dry_run =
        client.call(signer, message).value(value).dry_run().await.map_err(|error| {
            CliError::Chain { contract, message: name, reason: error.to_string() }
        })?;
    let exec = &dry_run.exec_result;
    let gas = |weight: sp_weights::Weight| Gas {
        ref_time: weight.ref_time(),
        proof_size: weight.proof_size(),
    };
    let signed = |amount: u128| i128::try_from(amount).unwrap_or(i128::MAX);
    let cost = DryRunCost {
        consumed: gas(exec.gas_consumed),
        required: gas(exec.gas_required),
        storage_deposit: match exec.storage_deposit {
            pallet_contracts::StorageDeposit::Charge(amount) => signed(amount),
            pallet_contracts::StorageDeposit::Refund(amount) => signed(amount).saturating_neg(),
        },
    };
    let result = dry_run.message_result().map_err(|error| CliError::Chain {
        contract,
        message: name,
        reason: format!("{error:?}"),
    })?;
    Ok((result, cost))
}

/// Dry-runs `message` as `signer` with `value`: a typed refusal (`Err` of the
/// message's `Result`) becomes [`CliError::Refused`], and nothing is sent.
///
/// # Errors
/// [`CliError::Refused`], [`CliError::Chain`].
async fn check<Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    what: (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(), CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    dry_run(client, signer, what, message, value)
        .await?
        .map(drop)
        .map_err(|error| refused(what, error))
}

/// Sends `message` as `signer` after a dry run: a typed refusal (`Err` of the
/// message's `Result`) stops here as [`CliError::Refused`] and nothing is sent.
/// Returns the message's value and what the transaction cost the signer.
///
/// # Errors
/// [`CliError::Refused`], [`CliError::Chain`].
pub async fn send<Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(T, Receipt), CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    check(client, signer, (contract, name), message, value).await?;
    submit(client, signer, (contract, name), message, value).await
}

/// Sends `message` as `signer` whose dry run the caller already saw succeed
/// (the client still estimates its gas with one). Returns the message's value
/// and what the transaction cost the signer.
///
/// # Errors
/// [`CliError::Refused`] if the contract refused it after all, [`CliError::Chain`].
pub async fn submit<Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(T, Receipt), CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    let (value, receipt, _) =
        submit_with_events(client, signer, (contract, name), message, value).await?;
    Ok((value, receipt))
}

/// A contract event as the client reads it.
pub type ContractEvent =
    ink_e2e::events::EventWithTopics<ink_e2e::events::ContractEmitted<DefaultEnvironment>>;

/// [`submit`], also returning the contract events the transaction emitted.
async fn submit_with_events<Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(T, Receipt, Vec<ContractEvent>), CliError>
where
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    let chain = |reason: String| CliError::Chain { contract, message: name, reason };
    let result = client
        .call(signer, message)
        .value(value)
        .submit()
        .await
        .map_err(|error| chain(error.to_string()))?;
    let payer = AccountId::from(signer.public_key().0);
    let receipt = Receipt::of(&result.events, &payer);
    let events = result.contract_emitted_events().map_err(|error| chain(error.to_string()))?;
    let value = result.return_value().map_err(|error| refused((contract, name), error))?;
    Ok((value, receipt, events))
}

/// [`send`] for a message whose result must be read from the event `Ev` it
/// emits: the client's return value is the dry run's, computed in an earlier
/// block, so an id it names (a license, an offer) may be another by the time
/// the transaction runs when others transact too.
///
/// # Errors
/// [`CliError::Refused`], [`CliError::Chain`], [`CliError::Other`] if the
/// transaction emitted no `Ev`.
pub async fn send_for_event<Ev, Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(Ev, Receipt), CliError>
where
    Ev: ink::env::Event + ink::scale::Decode,
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    check(client, signer, (contract, name), message, value).await?;
    submit_for_event(client, signer, (contract, name), message, value).await
}

/// [`send_for_event`] for a message whose dry run the caller already saw succeed.
///
/// # Errors
/// As [`send_for_event`].
pub async fn submit_for_event<Ev, Args, T, E>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
    value: u128,
) -> Result<(Ev, Receipt), CliError>
where
    Ev: ink::env::Event + ink::scale::Decode,
    Args: ink::scale::Encode + Clone + Sync,
    T: ink::scale::Decode + Send,
    E: ink::scale::Decode + Send + Into<ContractError>,
    CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
{
    let (_, receipt, events) =
        submit_with_events(client, signer, (contract, name), message, value).await?;
    let event = find_event::<Ev>(&events).ok_or_else(|| {
        CliError::Other(format!(
            "{contract}.{name} ran but emitted no {} event",
            std::any::type_name::<Ev>().rsplit("::").next().unwrap_or_default()
        ))
    })?;
    Ok((event, receipt))
}

/// A contract's typed refusal of `message`, as a sentence (see [`errors::sentence`]).
pub fn refused(
    (contract, message): (&'static str, &'static str),
    error: impl Into<ContractError>,
) -> CliError {
    let error = error.into();
    CliError::Refused { contract, message, error: sentence(&error), variant: error.variant() }
}

/// `account`'s free balance.
///
/// # Errors
/// [`CliError::Other`] if the node does not answer.
pub async fn free_balance(client: &mut Client, account: &AccountId) -> Result<u128, CliError> {
    use ink_e2e::ChainBackend;
    client.free_balance(*account).await.map_err(|error| {
        CliError::Other(format!("cannot read {}'s balance: {error:?}", ss58(account)))
    })
}

/// Sends `amount` from `from` to `to` with `Balances::transfer_allow_death`,
/// a dynamic call that subxt encodes against the node's own metadata.
///
/// # Errors
/// [`CliError::Other`] if the node refuses the transfer.
pub async fn transfer(
    client: &mut Client,
    from: &Keypair,
    to: &AccountId,
    amount: u128,
) -> Result<(), CliError> {
    use ink_e2e::subxt::dynamic::Value;
    use ink_e2e::ChainBackend;
    let dest = Value::unnamed_variant("Id", [Value::from_bytes(AsRef::<[u8]>::as_ref(to))]);
    client
        .runtime_call(from, "Balances", "transfer_allow_death", vec![dest, Value::u128(amount)])
        .await
        .map(|_| ())
        .map_err(|error| {
            CliError::Other(format!("cannot send {amount} to {}: {error:?}", ss58(to)))
        })
}

/// A block timestamp (milliseconds since 1970) as a UTC date and time.
pub fn utc(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| format!("{ms} ms"), |at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// The node's best block (not its last finalized one, which a dev chain
/// reaches later): its hash and number.
///
/// # Errors
/// [`CliError::Unreachable`].
pub async fn best_block_at(
    url: &str,
) -> Result<(ink_e2e::subxt::OnlineClient<PolkadotConfig>, ink_e2e::H256, u64), CliError> {
    let unreachable = |reason: String| CliError::Unreachable { url: url.to_owned(), reason };
    let rpc =
        ink_e2e::RpcClient::from_url(url).await.map_err(|error| unreachable(error.to_string()))?;
    let api = ink_e2e::subxt::OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
        .await
        .map_err(|error| unreachable(error.to_string()))?;
    let legacy = ink_e2e::subxt::backend::legacy::LegacyRpcMethods::<PolkadotConfig>::new(rpc);
    let header = legacy
        .chain_get_header(None)
        .await
        .map_err(|error| unreachable(error.to_string()))?
        .ok_or_else(|| unreachable("the node has no best block".into()))?;
    let hash = ink_e2e::subxt::config::Header::hash(&header);
    Ok((api, hash, u64::from(header.number)))
}

/// The number of the node's best block.
///
/// # Errors
/// [`CliError::Unreachable`].
pub async fn best_block(url: &str) -> Result<u64, CliError> {
    Ok(best_block_at(url).await?.2)
}

/// Sends `message` as `signer` with a fixed gas limit, without insisting on
/// a successful dry run: for a call whose dry run (made in the current block)
/// is refused only because it must run in a later block, as a registration
/// reveal on a chain that seals a block per transaction. The chain still
/// enforces every rule: a refusal fails the extrinsic ([`CliError::Chain`]).
/// Returns the contract's events and what the transaction cost the signer.
///
/// # Errors
/// [`CliError::Chain`].
pub async fn send_in_next_block<Args, R>(
    client: &mut Client,
    signer: &Keypair,
    (contract, name): (&'static str, &'static str),
    message: &CallBuilderFinal<DefaultEnvironment, Args, R>,
    gas_limit: sp_weights::Weight,
) -> Result<
    (
        Vec<ink_e2e::events::EventWithTopics<ink_e2e::events::ContractEmitted<DefaultEnvironment>>>,
        Receipt,
    ),
    CliError,
>
where
    Args: ink::scale::Encode + Clone + Sync,
    R: ink::scale::Decode + Send,
    CallBuilderFinal<DefaultEnvironment, Args, R>: Clone,
{
    let result =
        client.call(signer, message).gas_limit(gas_limit).submit().await.map_err(|error| {
            CliError::Chain { contract, message: name, reason: error.to_string() }
        })?;
    let payer = AccountId::from(signer.public_key().0);
    let receipt = Receipt::of(&result.events, &payer);
    let events = result.contract_emitted_events().map_err(|error| CliError::Chain {
        contract,
        message: name,
        reason: error.to_string(),
    })?;
    Ok((events, receipt))
}

/// The first event of type `T` among a call's contract events (checked by its
/// signature topic).
pub fn find_event<T: ink::env::Event + ink::scale::Decode>(events: &[ContractEvent]) -> Option<T> {
    let signature = T::SIGNATURE_TOPIC.map(ink_e2e::H256::from)?;
    events
        .iter()
        .filter(|event| event.topics.first() == Some(&signature))
        .find_map(|event| T::decode(&mut &event.event.data[..]).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_print_amounts_as_strings_and_their_cost_net_of_refunds() {
        let receipt = Receipt { fee: 7, storage_deposit_held: 100, storage_deposit_released: 130 };
        assert_eq!(receipt.cost(), -23);
        assert_eq!(
            serde_json::to_value(receipt).unwrap(),
            serde_json::json!({
                "fee": "7", "storage_deposit_held": "100",
                "storage_deposit_released": "130", "cost": "-23",
            })
        );
    }

    #[test]
    fn code_hashes_are_0x_and_64_hex_digits() {
        let text = format!("0x{}", "0f".repeat(32));
        let hash = parse_code_hash(&text).unwrap();
        assert_eq!(hash, ink::primitives::Hash::from([0x0f; 32]));
        assert_eq!(code_hash_hex(&hash), text);
        for bad in ["0f".repeat(32), "0x0f".into(), format!("0x{}", "zz".repeat(32))] {
            assert_eq!(parse_code_hash(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_manifest_names_the_market_and_its_desk() {
        let dir =
            std::env::temp_dir().join(format!("modelmint-cli-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("local.json");
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        let bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
        let dave = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
        let desk = format!("0x{}", "ab".repeat(32));
        let manifest = serde_json::json!({
            "network": "local",
            "contracts": {
                "registry": { "address": alice, "code_hash": "0x00", "wasm_bytes": 1 },
                "market_desk": { "code_hash": desk, "wasm_bytes": 2 },
                "market": { "address": bob, "code_hash": "0x00", "wasm_bytes": 3 },
                "gateway": { "address": dave, "code_hash": "0x00", "wasm_bytes": 4 },
            },
        });
        std::fs::write(&path, manifest.to_string()).unwrap();
        let deployment = Deployment::read(&path).unwrap();
        assert_eq!(ss58(&deployment.registry), alice);
        assert_eq!(ss58(&deployment.market), bob);
        assert_eq!(ss58(&deployment.gateway), dave);
        assert_eq!(code_hash_hex(&deployment.market_desk), desk);
        // A manifest of the licensing and royalties contracts is refused.
        let old = serde_json::json!({
            "network": "local",
            "contracts": {
                "registry": { "address": alice }, "licensing": { "address": bob },
                "royalties": { "address": dave }, "gateway": { "address": dave },
            },
        });
        std::fs::write(&path, old.to_string()).unwrap();
        assert!(matches!(Deployment::read(&path), Err(CliError::Deployment { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn addresses_round_trip_and_bad_input_is_refused() {
        let address = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
        assert_eq!(ss58(&parse_account(address).unwrap()), address);
        assert!(matches!(parse_account("not-an-address"), Err(CliError::BadAddress { .. })));
        assert!(matches!(signer_from_suri("not a key"), Err(CliError::BadSuri)));
        assert!(signer_from_suri("//Alice").is_ok());
    }
}
