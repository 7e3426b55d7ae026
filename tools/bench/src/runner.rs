//! The measuring client: dev accounts, one measured call (a dry run as its
//! signer, recorded, then the same call submitted, and the length of the
//! extrinsic that carried it read back from its block) and unmeasured set-up
//! calls, with progress on the terminal.

use crate::report::{Measurement, Weight};
use indicatif::{ProgressBar, ProgressStyle};
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use ink::scale::{Decode, Encode};
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::OnlineClient;
use ink_e2e::{CallBuilderFinal, ContractsBackend, Keypair, PolkadotConfig};
use modelmint_cli::errors::ContractError;
use modelmint_cli::{CliError, Client};
use std::time::Duration;

/// A dev account of substrate-contracts-node `--dev` (each endowed), as the
/// benchmark names it in its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    Alice,
    Bob,
    Charlie,
    Dave,
    Eve,
    Ferdie,
}

impl Signer {
    /// The name recorded as a measurement's `signer`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Alice => "Alice",
            Self::Bob => "Bob",
            Self::Charlie => "Charlie",
            Self::Dave => "Dave",
            Self::Eve => "Eve",
            Self::Ferdie => "Ferdie",
        }
    }

    /// The account's key (`//Alice`, ...).
    pub fn keypair(self) -> Keypair {
        match self {
            Self::Alice => ink_e2e::alice(),
            Self::Bob => ink_e2e::bob(),
            Self::Charlie => ink_e2e::charlie(),
            Self::Dave => ink_e2e::dave(),
            Self::Eve => ink_e2e::eve(),
            Self::Ferdie => ink_e2e::ferdie(),
        }
    }

    /// The account id.
    pub fn account(self) -> AccountId {
        AccountId::from(self.keypair().public_key().0)
    }
}

/// A measured message's typed refusal, turned into the error that stops the
/// run: a benchmark whose scenario is refused measures nothing worth keeping.
pub trait Refusal {
    /// The error, for `message` of `contract`.
    fn into_error(self, contract: &'static str, message: &'static str) -> CliError;
}

/// ModelMint's own errors read as the command line's sentences.
macro_rules! modelmint_refusal {
    ($($error:ty),* $(,)?) => {
        $(impl Refusal for $error {
            fn into_error(self, contract: &'static str, message: &'static str) -> CliError {
                modelmint_cli::refused((contract, message), ContractError::from(self))
            }
        })*
    };
}

modelmint_refusal!(
    modelmint_registry::RegistryError,
    modelmint_common::psp34::PSP34Error,
    modelmint_common::market::MarketError,
    modelmint_gateway::GatewayError,
    modelmint_common::admin::AdminError,
);

/// The client, what it measured so far, and the terminal's progress display.
pub struct Bench {
    client: Client,
    /// The same node through subxt's own client, to read blocks back.
    api: OnlineClient<PolkadotConfig>,
    measurements: Vec<Measurement>,
    progress: ProgressBar,
}

impl Bench {
    /// A benchmark run on `client`; `api` reads the blocks of the same node.
    pub fn new(client: Client, api: OnlineClient<PolkadotConfig>) -> Self {
        Self { client, api, measurements: Vec::new(), progress: ProgressBar::hidden() }
    }

    /// The client, for calls that are neither measured nor set-up messages
    /// (instantiating the floors).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Everything measured, in order.
    pub fn into_measurements(self) -> Vec<Measurement> {
        self.progress.finish_and_clear();
        self.measurements
    }

    /// Prints a stage's title and shows a spinner (`steps: None`) or a bar of
    /// `steps` while it runs.
    pub fn stage(&mut self, title: &str, steps: Option<u64>) {
        self.progress.finish_and_clear();
        println!("==> {title}");
        self.progress = match steps {
            Some(steps) => ProgressBar::new(steps).with_style(
                ProgressStyle::with_template("    {bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner(),
        };
        self.progress.enable_steady_tick(Duration::from_millis(120));
    }

    /// Shows what the current stage is doing now.
    pub fn doing(&self, what: impl Into<std::borrow::Cow<'static, str>>) {
        self.progress.set_message(what);
    }

    /// Counts one step of the current stage.
    pub fn step(&self) {
        self.progress.inc(1);
    }

    /// Prints a line above the progress display (a hidden display would swallow
    /// `ProgressBar::println`, so logs written to a file keep every line).
    pub fn say(&self, line: &str) {
        self.progress.suspend(|| println!("{line}"));
    }

    /// Dry-runs `message` as `signer` with `value` on the current state,
    /// records its gas consumed, gas required and storage deposit under `case`,
    /// then submits it and records the length of the extrinsic that carried
    /// it. Returns the message's value (from the dry run: nobody else
    /// transacts on the benchmark's chain).
    ///
    /// # Errors
    /// The contract's refusal ([`Refusal`]), [`CliError::Chain`] if the chain
    /// refused the dry run or the transaction.
    pub async fn measure<Args, T, E>(
        &mut self,
        case: &str,
        signer: Signer,
        (contract, label): (&'static str, &'static str),
        message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
        value: u128,
    ) -> Result<T, CliError>
    where
        Args: Encode + Clone + Sync,
        T: Decode + Send,
        E: Decode + Send + Refusal,
        CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
    {
        let keypair = signer.keypair();
        self.doing(format!("{contract}.{label} [{case}]"));
        let (result, cost) = modelmint_cli::dry_run_with_cost(
            &mut self.client,
            &keypair,
            (contract, label),
            message,
            value,
        )
        .await?;
        // ink! reverts exactly the calls that return `Err`: an answer is a
        // call that did not revert.
        let answer = result.map_err(|refusal| refusal.into_error(contract, label))?;
        let weight =
            |gas: modelmint_cli::Gas| Weight { ref_time: gas.ref_time, proof_size: gas.proof_size };
        let submitted =
            self.client.call(&keypair, message).value(value).submit().await.map_err(|error| {
                CliError::Chain { contract, message: label, reason: format!("submitting: {error}") }
            })?;
        let extrinsic_length = self.extrinsic_length(&submitted.events, (contract, label)).await?;
        let measurement = Measurement {
            contract: contract.into(),
            message: label.into(),
            case: case.into(),
            signer: signer.name().into(),
            value,
            ref_time: cost.consumed.ref_time,
            proof_size: cost.consumed.proof_size,
            gas_required: weight(cost.required),
            storage_deposit: cost.storage_deposit,
            extrinsic_length,
        };
        self.say(&measurement.line());
        self.measurements.push(measurement);
        Ok(answer)
    }

    /// The encoded length of the extrinsic `events` belong to, its length
    /// prefix included, as it sits in its block: what a block's proof budget
    /// counts besides the call's weight (frame-system's `CheckWeight`).
    ///
    /// # Errors
    /// [`CliError::Chain`] if the node does not return the block.
    async fn extrinsic_length(
        &self,
        events: &ExtrinsicEvents<PolkadotConfig>,
        (contract, message): (&'static str, &'static str),
    ) -> Result<u64, CliError> {
        let failed = |reason: String| CliError::Chain {
            contract,
            message,
            reason: format!("reading its extrinsic back: {reason}"),
        };
        let body = self
            .api
            .backend()
            .block_body(events.block_hash())
            .await
            .map_err(|error| failed(error.to_string()))?
            .ok_or_else(|| failed("the node has no such block".into()))?;
        // The block's body lists each extrinsic SCALE-encoded, with its
        // compact length prefix.
        let index = usize::try_from(events.extrinsic_index()).unwrap_or(usize::MAX);
        body.get(index)
            .map(|extrinsic| extrinsic.len() as u64)
            .ok_or_else(|| failed(format!("the block has no extrinsic {index}")))
    }

    /// Sends a set-up message (not measured) as `signer`, after the dry run
    /// [`modelmint_cli::send`] makes. Returns the message's value.
    ///
    /// # Errors
    /// [`CliError::Refused`], [`CliError::Chain`].
    pub async fn call<Args, T, E>(
        &mut self,
        signer: Signer,
        what: (&'static str, &'static str),
        message: &CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>,
        value: u128,
    ) -> Result<T, CliError>
    where
        Args: Encode + Clone + Sync,
        T: Decode + Send,
        E: Decode + Send + Into<ContractError>,
        CallBuilderFinal<DefaultEnvironment, Args, Result<T, E>>: Clone,
    {
        let (answer, _receipt) =
            modelmint_cli::send(&mut self.client, &signer.keypair(), what, message, value).await?;
        Ok(answer)
    }

    /// A read-only message's value, dry-run as Alice.
    ///
    /// # Errors
    /// [`CliError::Chain`].
    pub async fn query<Args, R>(
        &mut self,
        what: (&'static str, &'static str),
        message: &CallBuilderFinal<DefaultEnvironment, Args, R>,
    ) -> Result<R, CliError>
    where
        Args: Encode + Clone + Sync,
        R: Decode + Send,
        CallBuilderFinal<DefaultEnvironment, Args, R>: Clone,
    {
        modelmint_cli::dry_run(&mut self.client, &Signer::Alice.keypair(), what, message, 0).await
    }
}
