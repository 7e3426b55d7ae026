//! An in-place upgrade of a live royalties contract holding real money: version
//! N is deployed and used (models, licenses, owed and pending balances), then
//! version N+1 (the `modelmint-royalties-v2` fixture, built by this test run) is
//! uploaded and installed with `upgrade`. Every balance reads the same through
//! the old messages on the new code, the migration moves the layout version,
//! the new message works, and money keeps flowing through the upgraded contract.

use crate::deploy_stack;
use crate::stack::{model_draft, Stack};
use crate::support::{account, decode_event, E2EResult};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::events::CodeUpgraded;
use modelmint_common::admin::AdminError;
use modelmint_common::licensing::{LicenseCheck, LicenseDuration, LicenseTerms, Use, UseSet};
use modelmint_common::royalties::{Recipient, Royalties, RoyaltyError};
use modelmint_common::Balance;
use modelmint_licensing::{Licensing, OfferTerms};
use modelmint_registry::Registry;
use modelmint_royalties::RoyaltiesContract;
use modelmint_royalties_v2::Migrated;

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

#[ink_e2e::test]
async fn royalties_upgrade_in_place_and_keep_every_balance<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: version N in use. Alice's model 1 sold a license to Bob (Alice is
    // owed the price); Bob's model 2 splits 70/30 with Charlie and holds a
    // pending deposit.
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut licensing = ink_e2e::create_call_builder::<Licensing>(stack.licensing);
    let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    let mut v2 =
        ink_e2e::create_call_builder::<modelmint_royalties_v2::RoyaltiesContract>(stack.royalties);
    client.call(&ink_e2e::alice(), &registry.register(model_draft("base", &[]))).submit().await?;
    client.call(&ink_e2e::bob(), &registry.register(model_draft("other", &[]))).submit().await?;
    client.call(&ink_e2e::alice(), &licensing.create_offer(1, perpetual_offer())).submit().await?;
    client.call(&ink_e2e::bob(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let split = vec![
        Recipient { account: account(Bob), share: 700_000 },
        Recipient { account: account(Charlie), share: 300_000 },
    ];
    client.call(&ink_e2e::bob(), &royalties.set_split(2, split.clone())).submit().await?;
    client.call(&ink_e2e::dave(), &royalties.deposit(2)).value(1_001).submit().await?;

    let accounts = [Alice, Bob, Charlie, Dave].map(account);
    let mut owed_before: Vec<Balance> = Vec::new();
    for who in accounts {
        let owed = client.call(&ink_e2e::dave(), &royalties.owed_to(who)).dry_run().await?;
        owed_before.push(owed.return_value());
    }
    assert_eq!(owed_before, vec![PRICE, 701, 300, 0]);
    let pending_before =
        client.call(&ink_e2e::dave(), &royalties.pending_of(2)).dry_run().await?.return_value();
    assert_eq!(pending_before, 1_001);
    let liabilities_before =
        client.call(&ink_e2e::dave(), &royalties.liabilities()).dry_run().await?.return_value();
    assert_eq!(liabilities_before, PRICE + 1_001);
    let balance_before = client.free_balance(stack.royalties).await?;
    let license_before =
        client.call(&ink_e2e::dave(), &licensing.license(1)).dry_run().await?.return_value();

    // when: version N+1 is uploaded; a stranger's upgrade is refused, Alice's applies
    let code_hash =
        client.upload("modelmint_royalties_v2", &ink_e2e::alice()).submit().await?.code_hash;
    let by_stranger = client.call(&ink_e2e::bob(), &royalties.upgrade(code_hash)).dry_run().await?;
    assert_eq!(by_stranger.return_value(), Err(RoyaltyError::Admin(AdminError::NotAdmin)));
    let upgraded = client.call(&ink_e2e::alice(), &royalties.upgrade(code_hash)).submit().await?;
    assert_eq!(
        decode_event::<CodeUpgraded>(&upgraded.contract_emitted_events()?[0]),
        CodeUpgraded { code_hash }
    );

    // then: the new code answers, and the old messages read the same state
    let version = client.call(&ink_e2e::dave(), &v2.version()).dry_run().await?.return_value();
    assert_eq!(version, 2);
    for (who, expected) in accounts.into_iter().zip(&owed_before) {
        let owed = client.call(&ink_e2e::dave(), &royalties.owed_to(who)).dry_run().await?;
        assert_eq!(owed.return_value(), *expected);
    }
    let pending = client.call(&ink_e2e::dave(), &royalties.pending_of(2)).dry_run().await?;
    assert_eq!(pending.return_value(), pending_before);
    let liabilities = client.call(&ink_e2e::dave(), &royalties.liabilities()).dry_run().await?;
    assert_eq!(liabilities.return_value(), liabilities_before);
    assert_eq!(client.free_balance(stack.royalties).await?, balance_before);
    let state = client.call(&ink_e2e::dave(), &royalties.admin_state()).dry_run().await?;
    let state = state.return_value();
    assert_eq!((state.admin, state.layout_version), (account(Alice), 1));
    assert_eq!(state.registry, Some(stack.registry));

    // the migration is the administrator's, runs once, and moves the layout version
    let migrate = v2.migrate();
    let refused = client.call(&ink_e2e::bob(), &migrate).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RoyaltyError::Admin(AdminError::NotAdmin)));
    let migrated = client.call(&ink_e2e::alice(), &migrate).submit().await?;
    assert_eq!(
        decode_event::<Migrated>(&migrated.contract_emitted_events()?[0]),
        Migrated { from: 1, to: 2 }
    );
    assert_eq!(migrated.return_value(), Ok(2));
    let again = client.call(&ink_e2e::alice(), &migrate).submit().await?;
    assert!(again.contract_emitted_events()?.is_empty(), "a second migration does nothing");
    assert_eq!(again.return_value(), Ok(2));
    let state = client.call(&ink_e2e::dave(), &royalties.admin_state()).dry_run().await?;
    assert_eq!(state.return_value().layout_version, 2);

    // and money keeps flowing: licensing pays the new code, which pays out exactly
    client.call(&ink_e2e::dave(), &licensing.buy(1, PRICE)).value(PRICE).submit().await?;
    let owed = client.call(&ink_e2e::dave(), &royalties.owed_to(account(Alice))).dry_run().await?;
    assert_eq!(owed.return_value(), 2 * PRICE);
    let withdrawn = client.call(&ink_e2e::alice(), &royalties.withdraw()).submit().await?;
    assert_eq!(withdrawn.return_value(), Ok(2 * PRICE));
    let charlie = client.call(&ink_e2e::charlie(), &royalties.withdraw()).submit().await?;
    assert_eq!(charlie.return_value(), Ok(300));
    let liabilities = client.call(&ink_e2e::dave(), &royalties.liabilities()).dry_run().await?;
    assert_eq!(liabilities.return_value(), 701, "only Bob's part is left");
    assert_eq!(
        client.free_balance(stack.royalties).await?,
        balance_before + PRICE - 2 * PRICE - 300
    );
    let license = client.call(&ink_e2e::dave(), &licensing.license(1)).dry_run().await?;
    assert_eq!(license.return_value(), license_before);
    Ok(())
}
