//! The commands that work on a deployment, one module per group, and what
//! they share: the connection, the signer, what a command prints.

pub mod admin;
pub mod args;
pub mod delivery;
pub mod index;
pub mod market;
pub mod models;
pub mod royalties;

use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;
use ink_e2e::CallBuilderFinal;
use ink_e2e::Keypair;
use modelmint_cli::errors::ContractError;
use modelmint_cli::{dry_run, send, CliError, Client, Deployment, Receipt};
use serde_json::json;

/// What every command on a deployment works with.
pub struct Ctx {
    /// The node's URL.
    pub url: String,
    /// The connection.
    pub client: Client,
    /// The contracts' addresses.
    pub deployment: Deployment,
    /// The signing account, if one was given.
    pub signer: Option<Keypair>,
    /// The origin of reads (dry runs need one, not a signature): the signer,
    /// else Alice.
    pub reader: Keypair,
}

impl Ctx {
    /// The signing account.
    ///
    /// # Errors
    /// [`CliError::NoSigner`].
    pub fn signer(&self) -> Result<Keypair, CliError> {
        self.signer.clone().ok_or(CliError::NoSigner)
    }

    /// The signing account's address.
    ///
    /// # Errors
    /// [`CliError::NoSigner`].
    pub fn signer_account(&self) -> Result<AccountId, CliError> {
        Ok(AccountId::from(self.signer()?.public_key().0))
    }

    /// `account`, or the signer's when none is named.
    ///
    /// # Errors
    /// [`CliError::BadAddress`], [`CliError::NoSigner`].
    pub fn account_or_signer(&self, account: Option<&str>) -> Result<AccountId, CliError> {
        match account {
            Some(address) => modelmint_cli::parse_account(address),
            None => self.signer_account(),
        }
    }

    /// A read: `message` dry-run as the reader.
    ///
    /// # Errors
    /// [`CliError::Chain`].
    pub async fn read<Args, R>(
        &mut self,
        what: (&'static str, &'static str),
        message: &CallBuilderFinal<DefaultEnvironment, Args, R>,
    ) -> Result<R, CliError>
    where
        Args: ink::scale::Encode + Clone + Sync,
        R: ink::scale::Decode + Send,
        CallBuilderFinal<DefaultEnvironment, Args, R>: Clone,
    {
        dry_run(&mut self.client, &self.reader, what, message, 0).await
    }

    /// Sends `message`, which takes no payment and answers `Ok(())`, as the
    /// signer after a dry run; returns what the transaction cost it.
    ///
    /// # Errors
    /// [`CliError::NoSigner`], [`CliError::Refused`], [`CliError::Chain`].
    pub async fn send_unit<Args, E>(
        &mut self,
        what: (&'static str, &'static str),
        message: &CallBuilderFinal<DefaultEnvironment, Args, Result<(), E>>,
    ) -> Result<Receipt, CliError>
    where
        Args: ink::scale::Encode + Clone + Sync,
        E: ink::scale::Decode + Send + Into<ContractError>,
        CallBuilderFinal<DefaultEnvironment, Args, Result<(), E>>: Clone,
    {
        let signer = self.signer()?;
        let ((), receipt) = send(&mut self.client, &signer, what, message, 0).await?;
        Ok(receipt)
    }
}

/// What a command prints: a sentence for people, JSON for programs.
pub struct Output {
    /// For people.
    pub text: String,
    /// For programs (`--json`).
    pub json: serde_json::Value,
}

/// A transaction's fee and storage deposits, as the commands print them.
pub fn receipt_text(receipt: &Receipt) -> String {
    format!(
        "fee {} · storage deposit held {} · released {}",
        receipt.fee, receipt.storage_deposit_held, receipt.storage_deposit_released
    )
}

/// What a transaction on a model that returns nothing prints: `what` it did
/// and its receipt.
pub fn model_done(what: String, model: modelmint_common::ModelId, receipt: &Receipt) -> Output {
    Output {
        text: format!("{what} ({})", receipt_text(receipt)),
        json: json!({ "model": model, "receipt": receipt }),
    }
}

/// Lines, or `empty` when there are none.
pub fn lines_or(lines: Vec<String>, empty: String) -> String {
    if lines.is_empty() {
        empty
    } else {
        lines.join("\n")
    }
}
