//! Selling a model's token sells the business: on the node, after a PSP34
//! transfer the seller's offers, split and derivative approvals stop working
//! for new business, licenses already sold stay valid, every owner-only
//! message of every contract refuses the seller and accepts the buyer, and a
//! deprecated model sells and renews no license.

use crate::stack::{commercial_offer, model_draft, Stack};
use crate::support::{account, E2EResult};
use crate::{commit, deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave, Eve},
    ContractsBackend,
};
use modelmint_common::licensing::{LicenseCheck, Use};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::royalties::{Recipient, Royalties, RoyaltyError};
use modelmint_common::{Balance, ModelStatus};
use modelmint_licensing::{Licensing, LicensingError, OfferState};
use modelmint_registry::{Registry, RegistryError};
use modelmint_royalties::RoyaltiesContract;

const UNIT: Balance = 1_000_000_000_000;
const PRICE: Balance = 2 * UNIT;

fn halves(first: ink::primitives::AccountId, second: ink::primitives::AccountId) -> Vec<Recipient> {
    vec![
        Recipient { account: first, share: 500_000 },
        Recipient { account: second, share: 500_000 },
    ]
}

#[e2e::test]
async fn a_sale_moves_the_business_to_the_buyer_and_leaves_sold_licenses_valid<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 with an offer, a 50/50 split with Dave, and an
    // approval for Bob to register a derivative; Eve bought a license
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut licensing = ink_e2e::create_call_builder::<Licensing>(stack.licensing);
    let mut royalties = ink_e2e::create_call_builder::<RoyaltiesContract>(stack.royalties);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("for-sale", &[]))?;
    client
        .call(&ink_e2e::alice(), &licensing.create_offer(1, commercial_offer(PRICE)))
        .submit()
        .await?;
    let split = royalties.set_split(1, halves(account(Alice), account(Dave)));
    client.call(&ink_e2e::alice(), &split).submit().await?;
    for recipient in [ink_e2e::alice(), ink_e2e::dave()] {
        client.call(&recipient, &royalties.accept_split(1)).submit().await?;
    }
    let approve = registry.approve_derivative(1, account(Bob), Some(500));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    let buy = licensing.buy(1, PRICE);
    client.call(&ink_e2e::eve(), &buy).value(PRICE).submit().await?;

    // when: Alice sells the token to Charlie
    let sale = registry.transfer(account(Charlie), Id::U64(1), Vec::new());
    client.call(&ink_e2e::alice(), &sale).submit().await?;

    // then: the seller's offer sells nothing, not even a renewal ...
    let epoch = client.call(&ink_e2e::eve(), &registry.owner_epoch(1)).dry_run().await?;
    assert_eq!(epoch.return_value(), 1);
    let stale = LicensingError::OfferOfPreviousOwner { offer: 1 };
    let bought = client.call(&ink_e2e::bob(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(stale.clone()));
    let renewal = licensing.renew(1, PRICE);
    let renewed = client.call(&ink_e2e::eve(), &renewal).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(stale));
    // ... the license Eve bought is still valid ...
    let check = licensing.is_licensed(1, account(Eve), Use::CommercialInference);
    assert!(client.call(&ink_e2e::eve(), &check).dry_run().await?.return_value());
    // ... the seller's approval no longer lets Bob derive ...
    let derivative = model_draft("for-sale-ft", &[1]);
    let salt = commit!(client, stack.registry, ink_e2e::bob(), derivative);
    let derive = registry.register(derivative.clone(), salt);
    let refused = client.call(&ink_e2e::bob(), &derive).dry_run().await?;
    assert_eq!(refused.return_value(), Err(RegistryError::NoDerivativeRight { parent: 1 }));
    let approval = registry.derivative_approval(1, account(Bob));
    assert_eq!(client.call(&ink_e2e::bob(), &approval).dry_run().await?.return_value(), None);
    // ... and the seller's split gets nothing deposited after the sale:
    // Eve's purchase is split between Alice and Dave, the next unit is Charlie's
    client.call(&ink_e2e::eve(), &royalties.deposit(1)).value(UNIT).submit().await?;
    for (who, expected) in [(Alice, PRICE / 2), (Dave, PRICE / 2), (Charlie, UNIT)] {
        let owed = client.call(&ink_e2e::eve(), &royalties.owed_to(account(who))).dry_run().await?;
        assert_eq!(owed.return_value(), expected, "{who:?}");
    }

    // when / then: every owner-only message refuses the seller and changes nothing
    // (`answer!` dry-runs a message as a signer and evaluates to its result)
    macro_rules! answer {
        ($signer:expr, $message:expr) => {
            client.call(&$signer, &$message).dry_run().await?.return_value()
        };
    }
    let not_owner = Err(RegistryError::NotModelOwner { model: 1, owner: account(Charlie) });
    let set_uri = registry.set_uri(1, "ipfs://for-sale/card-v2.md".into());
    let freeze = registry.freeze_metadata(1);
    assert_eq!(answer!(ink_e2e::alice(), set_uri), not_owner);
    assert_eq!(answer!(ink_e2e::alice(), freeze), not_owner);
    assert_eq!(
        answer!(ink_e2e::alice(), registry.set_status(1, ModelStatus::Deprecated)),
        not_owner
    );
    let approve_alice = registry.approve_derivative(1, account(Alice), Some(1));
    assert_eq!(answer!(ink_e2e::alice(), approve_alice), not_owner);
    let not_owner = LicensingError::NotModelOwner { model: 1, owner: account(Charlie) };
    let created = licensing.create_offer(1, commercial_offer(PRICE));
    let created = client.call(&ink_e2e::alice(), &created).dry_run().await?;
    assert_eq!(created.return_value(), Err(not_owner.clone()));
    let reopen = licensing.set_offer_state(1, OfferState::Open);
    let reopened = client.call(&ink_e2e::alice(), &reopen).dry_run().await?;
    assert_eq!(reopened.return_value(), Err(not_owner));
    let not_owner = Err(RoyaltyError::NotModelOwner { model: 1, owner: account(Charlie) });
    let resplit = royalties.set_split(1, halves(account(Alice), account(Bob)));
    assert_eq!(client.call(&ink_e2e::alice(), &resplit).dry_run().await?.return_value(), not_owner);
    let clear = royalties.clear_split(1);
    assert_eq!(client.call(&ink_e2e::alice(), &clear).dry_run().await?.return_value(), not_owner);

    // and accepts the buyer: Charlie reopens the offer and is paid for it
    assert_eq!(answer!(ink_e2e::charlie(), set_uri), Ok(()));
    assert_eq!(answer!(ink_e2e::charlie(), freeze), Ok(()));
    let resplit = royalties.set_split(1, halves(account(Charlie), account(Bob)));
    let accepted = client.call(&ink_e2e::charlie(), &resplit).dry_run().await?;
    assert_eq!(accepted.return_value(), Ok(()));
    let cleared = client.call(&ink_e2e::charlie(), &clear).dry_run().await?;
    assert_eq!(cleared.return_value(), Ok(()));
    assert_eq!(
        answer!(ink_e2e::charlie(), licensing.create_offer(1, commercial_offer(PRICE))),
        Ok(2)
    );
    client.call(&ink_e2e::charlie(), &reopen).submit().await?;
    let bought = client.call(&ink_e2e::bob(), &buy).value(PRICE).submit().await?;
    assert_eq!(bought.return_value(), Ok(2));
    let owed = client.call(&ink_e2e::eve(), &royalties.owed_to(account(Charlie))).dry_run().await?;
    assert_eq!(owed.return_value(), UNIT + PRICE);
    let approve = registry.approve_derivative(1, account(Bob), Some(500));
    client.call(&ink_e2e::charlie(), &approve).submit().await?;
    let derived = client.call(&ink_e2e::bob(), &derive).submit().await?;
    assert_eq!(derived.return_value(), Ok(2));

    // finally: once Charlie deprecates the model, nothing is bought or renewed
    let deprecate = registry.set_status(1, ModelStatus::Deprecated);
    client.call(&ink_e2e::charlie(), &deprecate).submit().await?;
    let deprecated = LicensingError::ModelDeprecated { model: 1 };
    let bought = client.call(&ink_e2e::dave(), &buy).value(PRICE).dry_run().await?;
    assert_eq!(bought.return_value(), Err(deprecated.clone()));
    let renewed = client.call(&ink_e2e::eve(), &renewal).value(PRICE).dry_run().await?;
    assert_eq!(renewed.return_value(), Err(deprecated));
    crate::assert_ledger_sound!(client, stack.royalties);
    Ok(())
}
