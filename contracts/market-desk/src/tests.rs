//! The desk's messages on the market's storage, off-chain: the administration
//! conformance suite, which lists every state-changing message the market
//! forwards here as pausable or as a way out that a pause never stops.

use crate::MarketDesk;
use ink::prelude::vec::Vec;
use ink::primitives::Hash;
use modelmint_common::admin::{AdminData, AdminError, Timelock, Wiring, DEFAULT_GRACE};
use modelmint_common::licensing::Use;
use modelmint_common::market::{ModelRecord, ModelSync};
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_market_core::{
    MarketData, MarketError, OfferState, OfferTerms, LAYOUT_VERSION, LINKS,
};

/// The desk as the market's constructor leaves the storage: administered by
/// the caller, wired to a registry.
fn instantiated(timelock: Timelock) -> core::result::Result<MarketDesk, AdminError> {
    let wiring = Wiring { registry: Some([8; 32].into()), ..Wiring::default() };
    let admin = AdminData::instantiate(timelock, DEFAULT_GRACE, LINKS, wiring, LAYOUT_VERSION)?;
    Ok(MarketDesk {
        admin,
        data: MarketData::default(),
        desk: Hash::from([7; 32]),
        tail: Default::default(),
    })
}

fn test_terms() -> OfferTerms {
    use modelmint_common::licensing::{LegalText, LicenseDuration, LicenseTerms, UseSet};
    OfferTerms {
        price: 10,
        duration: LicenseDuration::Perpetual,
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(&[Use::Research]),
            derivative_royalty: None,
            transferable: true,
        },
        legal: LegalText { hash: [9; 32], uri: ink::prelude::string::String::from("ipfs://legal") },
    }
}

fn one_split() -> Vec<Recipient> {
    ink::prelude::vec![Recipient { account: [5; 32].into(), share: 1_000_000 }]
}

fn a_record() -> ModelRecord {
    ModelRecord {
        kind: modelmint_common::AssetKind::Model,
        owner: [5; 32].into(),
        epoch: 0,
        status: modelmint_common::ModelStatus::Active,
        obligations: Vec::new(),
        voided: Vec::new(),
        escrowed: false,
    }
}

#[ink::test]
fn the_desk_is_never_a_contract_of_its_own() {
    assert_eq!(MarketDesk::new().err(), Some(MarketError::LibraryOnly));
}

#[ink::test]
fn only_the_wired_registry_pushes_a_model() {
    let mut desk = instantiated(Timelock::Disabled).expect("instantiated");
    assert_eq!(desk.sync_model(1, a_record()), Err(MarketError::NotRegistry));
    ink::env::test::set_caller::<ink::env::DefaultEnvironment>([8; 32].into());
    assert_eq!(desk.sync_model(1, a_record()), Ok(()));
    assert_eq!(desk.model(1).map(|state| state.owner), Some([5; 32].into()));
}

modelmint_common::admin_conformance_tests! {
    contract: MarketDesk,
    error: MarketError,
    new: instantiated,
    pausable: [
        "create_offer" => |c: &mut MarketDesk| c.create_offer(1, test_terms()).map(drop),
        "set_split" => |c: &mut MarketDesk| c.set_split(1, one_split()),
        "Royalties::deposit" => |c: &mut MarketDesk| c.deposit(1),
        "Royalties::deposit_use" => |c: &mut MarketDesk| c.deposit_use(1, [5; 32].into(), Use::Research),
    ],
    unpausable: [
        "set_offer_state" => |c: &mut MarketDesk| c.set_offer_state(1, OfferState::Closed),
        "transfer_license" => |c: &mut MarketDesk| c.transfer_license(1, Some([5; 32].into())),
        "accept_license" => |c: &mut MarketDesk| c.accept_license(1),
        "release_license" => |c: &mut MarketDesk| c.release_license(1),
        "clear_split" => |c: &mut MarketDesk| c.clear_split(1),
        "accept_split" => |c: &mut MarketDesk| c.accept_split(1),
        "leave_split" => |c: &mut MarketDesk| c.leave_split(1),
        "distribute" => |c: &mut MarketDesk| c.distribute(1),
        "withdraw" => |c: &mut MarketDesk| c.withdraw(Vec::new()).map(drop),
        "withdraw_for" => |c: &mut MarketDesk| c.withdraw_for([5; 32].into(), Vec::new()).map(drop),
        "sweep" => |c: &mut MarketDesk| c.sweep([5; 32].into()).map(drop),
        "ModelSync::sync_model" => |c: &mut MarketDesk| c.sync_model(1, a_record()),
    ],
}
