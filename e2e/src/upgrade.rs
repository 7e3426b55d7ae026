//! An in-place upgrade chain of a live royalties contract holding real money:
//! version 1 → version 2 (same layout, declared independently by the
//! `modelmint-royalties-v2` fixture) → version 3 (owed balances move to a new
//! mapping, a new administration cell; `modelmint-royalties-v3`). Money is
//! deposited and withdrawn between every step, and every balance is checked to
//! the unit: each account's, the contract's and the ledger's.

use crate::stack::{costs_of, model_draft, Stack};
use crate::support::{account, decode_event, E2EResult};
use crate::{deploy_stack, register};
use ink::codegen::TraitCallBuilder;
use ink::primitives::AccountId;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::events::LayoutMigrated;
use modelmint_common::admin::{Admin, AdminAction, AdminError};
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::royalties::RoyaltyError;
use modelmint_common::Balance;
use modelmint_licensing::{Licensing, LicensingError, OfferTerms};
use modelmint_royalties::RoyaltiesContract;
use modelmint_royalties_v3::AccountsMigrated;

const UNIT: Balance = 1_000_000_000_000;
const PRICE: Balance = 2 * UNIT;

fn perpetual_offer() -> OfferTerms {
    OfferTerms {
        price: PRICE,
        duration: LicenseDuration::Perpetual,
        cap: None,
        license: LicenseTerms {
            uses: UseSet::of(&[Use::CommercialInference]),
            derivative_royalty: None,
            transferable: false,
            legal_hash: [3; 32],
            legal_uri: "ipfs://modelmint/legal/perpetual".into(),
        },
    }
}

/// Installs the uploaded `contract`'s code over the royalties contract at
/// `address`: scheduled and executed by the administrator (the stack has no
/// timelock; the timelock itself is tested in `admin.rs`).
macro_rules! install {
    ($client:expr, $address:expr, $contract:literal) => {{
        let code_hash = $client.upload($contract, &ink_e2e::alice()).submit().await?.code_hash;
        let mut admin: ink::contract_ref!(Admin, ink::env::DefaultEnvironment) = $address.into();
        let upgrade = AdminAction::Upgrade { code_hash };
        $client.call(&ink_e2e::alice(), &admin.call_mut().schedule(upgrade)).submit().await?;
        $client.call(&ink_e2e::alice(), &admin.call_mut().execute_scheduled()).submit().await?;
    }};
}

/// Withdraws as `signer` and checks that its free balance grew by exactly
/// `expected` minus what the extrinsic cost it.
macro_rules! withdraw_exactly {
    ($client:expr, $signer:expr, $who:expr, $call:expr, $expected:expr) => {{
        let before = $client.free_balance(account($who)).await?;
        let withdrawn = $client.call(&$signer, &$call).submit().await?;
        let cost = costs_of(&withdrawn.events, account($who));
        assert_eq!(withdrawn.return_value(), Ok($expected));
        let after = $client.free_balance(account($who)).await?;
        assert_eq!(
            i128::try_from(after)? - i128::try_from(before)?,
            i128::try_from($expected)? - cost
        );
    }};
}

#[e2e::test]
async fn royalties_upgrade_v1_v2_v3_in_place_and_keep_every_balance<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: version 1 in use. Alice's model 1 and Bob's model 2 each sold a
    // license (to Charlie and Dave), so Alice and Bob are owed the price.
    let stack: Stack = deploy_stack!(client);
    let address: AccountId = stack.royalties;
    let mut licensing = ink_e2e::create_call_builder::<Licensing>(stack.licensing);
    let v1 = ink_e2e::create_call_builder::<RoyaltiesContract>(address);
    let mut v2 = ink_e2e::create_call_builder::<modelmint_royalties_v2::RoyaltiesContract>(address);
    let mut v3 = ink_e2e::create_call_builder::<modelmint_royalties_v3::RoyaltiesContract>(address);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("other", &[]))?;
    client.call(&ink_e2e::alice(), &licensing.create_offer(1, perpetual_offer())).submit().await?;
    client.call(&ink_e2e::bob(), &licensing.create_offer(2, perpetual_offer())).submit().await?;
    let buy_1 = licensing.buy(1, PRICE);
    let buy_2 = licensing.buy(2, PRICE);
    client.call(&ink_e2e::charlie(), &buy_1).value(PRICE).submit().await?;
    client.call(&ink_e2e::dave(), &buy_2).value(PRICE).submit().await?;
    let start = client.free_balance(address).await?;
    let owed = client.call(&ink_e2e::dave(), &v1.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), PRICE);
    let license_before = client.call(&ink_e2e::dave(), &licensing.license(1)).dry_run().await?;

    // when: version 2 is installed
    install!(client, address, "modelmint_royalties_v2");

    // then: it reads version 1's balances, and refuses state changes until migrated
    assert_eq!(client.call(&ink_e2e::dave(), &v2.version()).dry_run().await?.return_value(), 2);
    for who in [Alice, Bob] {
        let owed = client.call(&ink_e2e::dave(), &v2.owed_to(account(who))).dry_run().await?;
        assert_eq!(owed.return_value(), PRICE);
    }
    assert_eq!(
        client.call(&ink_e2e::dave(), &v2.liabilities()).dry_run().await?.return_value(),
        2 * PRICE
    );
    let mismatch = AdminError::LayoutMismatch { stored: 1, code: 2 };
    let early = client.call(&ink_e2e::alice(), &v2.withdraw()).dry_run().await?;
    assert_eq!(early.return_value(), Err(RoyaltyError::Admin(mismatch)));
    let early = client.call(&ink_e2e::charlie(), &buy_1).value(PRICE).dry_run().await?;
    assert_eq!(
        early.return_value(),
        Err(LicensingError::Royalty(RoyaltyError::Admin(mismatch))),
        "a sale cannot deposit into unmigrated storage"
    );
    let migrated = client.call(&ink_e2e::bob(), &v2.migrate()).submit().await?;
    assert_eq!(
        decode_event::<LayoutMigrated>(&migrated.contract_emitted_events()?[0]),
        LayoutMigrated { from: 1, to: 2 }
    );

    // money moves on version 2: Alice withdraws, Charlie buys again
    withdraw_exactly!(client, ink_e2e::alice(), Alice, v2.withdraw(), PRICE);
    client.call(&ink_e2e::charlie(), &buy_1).value(PRICE).submit().await?;
    assert_eq!(client.free_balance(address).await?, start);
    assert_eq!(
        client.call(&ink_e2e::dave(), &v2.liabilities()).dry_run().await?.return_value(),
        2 * PRICE
    );

    // when: version 3 (a new layout) is installed
    install!(client, address, "modelmint_royalties_v3");

    // then: the old balances read through the fallback, state changes wait
    assert_eq!(client.call(&ink_e2e::dave(), &v3.version()).dry_run().await?.return_value(), 3);
    assert_eq!(client.call(&ink_e2e::dave(), &v3.guardian()).dry_run().await?.return_value(), None);
    for who in [Alice, Bob] {
        let owed = client.call(&ink_e2e::dave(), &v3.owed_to(account(who))).dry_run().await?;
        assert_eq!(owed.return_value(), PRICE);
        let old = client.call(&ink_e2e::dave(), &v3.in_old_layout(account(who))).dry_run().await?;
        assert!(old.return_value());
    }
    let early = client.call(&ink_e2e::bob(), &v3.withdraw()).dry_run().await?;
    assert_eq!(
        early.return_value(),
        Err(RoyaltyError::Admin(AdminError::LayoutMismatch { stored: 2, code: 3 }))
    );

    // the migration moves Alice's entry for real; Bob's moves when first written
    let migrated =
        client.call(&ink_e2e::dave(), &v3.migrate(vec![account(Alice)])).submit().await?;
    let events = migrated.contract_emitted_events()?;
    assert_eq!(migrated.return_value(), 1);
    assert_eq!(decode_event::<LayoutMigrated>(&events[0]), LayoutMigrated { from: 2, to: 3 });
    assert_eq!(decode_event::<AccountsMigrated>(&events[1]), AccountsMigrated { moved: 1 });
    let old = client.call(&ink_e2e::dave(), &v3.in_old_layout(account(Alice))).dry_run().await?;
    assert!(!old.return_value());
    let owed = client.call(&ink_e2e::dave(), &v3.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), PRICE);

    // money moves on version 3 to the unit
    withdraw_exactly!(client, ink_e2e::bob(), Bob, v3.withdraw(), PRICE);
    withdraw_exactly!(client, ink_e2e::alice(), Alice, v3.withdraw(), PRICE);
    client.call(&ink_e2e::dave(), &buy_2).value(PRICE).submit().await?;
    withdraw_exactly!(client, ink_e2e::bob(), Bob, v3.withdraw(), PRICE);
    let withdrawn = client.call(&ink_e2e::dave(), &v3.withdrawn_by(account(Bob))).dry_run().await?;
    assert_eq!(withdrawn.return_value(), 2 * PRICE);
    assert_eq!(client.call(&ink_e2e::dave(), &v3.liabilities()).dry_run().await?.return_value(), 0);
    assert_eq!(client.free_balance(address).await?, start - 2 * PRICE);
    for who in [Alice, Bob, Charlie, Dave] {
        let owed = client.call(&ink_e2e::dave(), &v3.owed_to(account(who))).dry_run().await?;
        assert_eq!(owed.return_value(), 0);
    }
    let license = client.call(&ink_e2e::dave(), &licensing.license(1)).dry_run().await?;
    assert_eq!(license.return_value(), license_before.return_value());
    let state = client.call(&ink_e2e::dave(), &v3.admin_state()).dry_run().await?.return_value();
    assert_eq!((state.layout_version, state.code_layout_version), (3, 3));
    Ok(())
}
