//! Errors of the registry's own messages, and their PSP34 form.

use ink::prelude::string::String;
use modelmint_common::psp34::PSP34Error;
use modelmint_common::ModelId;

/// Why a registry message refused to act. Every refusal leaves storage untouched.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// A model with this content hash is already registered, as `existing`.
    AlreadyRegistered { existing: ModelId },
    /// The metadata URI is empty; every model needs a model card.
    EmptyUri,
    /// The metadata URI is `length` bytes long; at most `max` are stored.
    UriTooLong { length: u32, max: u32 },
    /// No model has id `model`.
    ModelNotFound { model: ModelId },
    /// The caller neither owns the model nor is approved to act for its owner.
    NotApproved,
    /// An owner cannot approve themselves as operator.
    SelfApprove,
    /// The recipient already owns the model.
    TransferToSelf,
    /// All `u64` model ids have been issued.
    ModelIdsExhausted,
    /// The recipient already holds `u32::MAX` models.
    BalanceOverflow,
}

/// Registry error results.
pub type Result<T> = core::result::Result<T, RegistryError>;

impl RegistryError {
    /// A stable name for the conditions PSP34 has no variant for, carried in
    /// [`PSP34Error::Custom`].
    fn custom_name(&self) -> &'static str {
        match self {
            Self::AlreadyRegistered { .. } => "AlreadyRegistered",
            Self::EmptyUri => "EmptyUri",
            Self::UriTooLong { .. } => "UriTooLong",
            Self::ModelNotFound { .. } => "ModelNotFound",
            Self::NotApproved => "NotApproved",
            Self::SelfApprove => "SelfApprove",
            Self::TransferToSelf => "TransferToSelf",
            Self::ModelIdsExhausted => "ModelIdsExhausted",
            Self::BalanceOverflow => "BalanceOverflow",
        }
    }
}

impl From<RegistryError> for PSP34Error {
    fn from(error: RegistryError) -> Self {
        match error {
            RegistryError::ModelNotFound { .. } => PSP34Error::TokenNotExists,
            RegistryError::NotApproved => PSP34Error::NotApproved,
            RegistryError::SelfApprove => PSP34Error::SelfApprove,
            other => PSP34Error::Custom(String::from(other.custom_name())),
        }
    }
}
