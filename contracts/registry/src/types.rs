//! Values the registry returns that are not part of its data model.

use ink::primitives::AccountId;

/// Who administers the registry, whether it is paused, its storage layout
/// version and the licensing contract it asks about derivative rights.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistryAdmin {
    /// The administrator.
    pub admin: AccountId,
    /// The proposed next administrator, if any.
    pub proposed: Option<AccountId>,
    /// Whether registrations and derivative approvals are stopped.
    pub paused: bool,
    /// The storage layout version of the registry's data.
    pub layout_version: u32,
    /// The licensing contract asked about derivative rights; `None`: not wired,
    /// so only owner approvals grant them.
    pub licensing: Option<AccountId>,
}
