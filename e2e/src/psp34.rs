//! The registry speaks PSP34 by the standard's own selectors: every message is
//! called on the node through its literal selector from the PSP34 standard
//! (`blake2b_256("PSP34::<message>")[..4]`), never through ModelMint's call
//! builders, and answers exactly what the typed call answers. A transfer made
//! that way (as any PSP34 marketplace makes it) pushes the new owner to the
//! market in the same call.

use crate::stack::{model_draft, Stack};
use crate::support::{account, E2EResult};
use crate::{deploy_stack, register};
use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::DefaultEnvironment;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie},
    ContractsBackend,
};
use modelmint_common::psp34::{Id, PSP34Error, PSP34Metadata, PSP34};
use modelmint_market::Market;
use modelmint_registry::Registry;

// The selectors the PSP34 standard lists.
const COLLECTION_ID: [u8; 4] = [0xff, 0xa2, 0x7a, 0x5f];
const BALANCE_OF: [u8; 4] = [0xcd, 0xe7, 0xe5, 0x5f];
const OWNER_OF: [u8; 4] = [0x11, 0x68, 0x62, 0x4d];
const ALLOWANCE: [u8; 4] = [0x47, 0x90, 0xf5, 0x5a];
const APPROVE: [u8; 4] = [0x19, 0x32, 0xa8, 0xb0];
const TRANSFER: [u8; 4] = [0x31, 0x28, 0xd6, 0x1b];
const TOTAL_SUPPLY: [u8; 4] = [0x62, 0x84, 0x13, 0xfe];
const GET_ATTRIBUTE: [u8; 4] = [0xf1, 0x9d, 0x48, 0xd1];

#[e2e::test]
async fn the_registry_answers_every_standard_psp34_selector<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1
    let stack: Stack = deploy_stack!(client);
    let registry = stack.registry;
    register!(client, registry, ink_e2e::alice(), model_draft("psp34-model", &[]))?;
    let typed = ink_e2e::create_call_builder::<Registry>(registry);
    let input = |selector: [u8; 4]| ExecutionInput::new(Selector::new(selector));
    let call = || build_call::<DefaultEnvironment>().call(registry);

    // reads, by selector and typed
    let raw = call().exec_input(input(COLLECTION_ID)).returns::<Id>();
    let by_selector = client.call(&ink_e2e::bob(), &raw).dry_run().await?.return_value();
    let expected = client.call(&ink_e2e::bob(), &typed.collection_id()).dry_run().await?;
    assert_eq!(by_selector, expected.return_value());
    assert_eq!(by_selector, Id::Bytes(AsRef::<[u8]>::as_ref(&registry).to_vec()));

    let raw = call().exec_input(input(BALANCE_OF).push_arg(account(Alice))).returns::<u32>();
    assert_eq!(client.call(&ink_e2e::bob(), &raw).dry_run().await?.return_value(), 1);
    let raw = call().exec_input(input(OWNER_OF).push_arg(Id::U64(1))).returns::<Option<_>>();
    let owner: Option<ink::primitives::AccountId> =
        client.call(&ink_e2e::bob(), &raw).dry_run().await?.return_value();
    assert_eq!(owner, Some(account(Alice)));
    let raw = call().exec_input(input(TOTAL_SUPPLY)).returns::<u128>();
    assert_eq!(client.call(&ink_e2e::bob(), &raw).dry_run().await?.return_value(), 1);
    let key = b"name".to_vec();
    let raw = call()
        .exec_input(input(GET_ATTRIBUTE).push_arg(Id::U64(1)).push_arg(key.clone()))
        .returns::<Option<Vec<u8>>>();
    let name = client.call(&ink_e2e::bob(), &raw).dry_run().await?.return_value();
    let typed_name =
        client.call(&ink_e2e::bob(), &typed.get_attribute(Id::U64(1), key)).dry_run().await?;
    assert_eq!(name, typed_name.return_value());
    assert_eq!(name, Some(b"psp34-model".to_vec()));

    // approve and allowance: a stranger gets the standard error, the owner approves
    let approve = call()
        .exec_input(input(APPROVE).push_arg(account(Bob)).push_arg(Some(Id::U64(1))).push_arg(true))
        .returns::<Result<(), PSP34Error>>();
    let refused = client.call(&ink_e2e::charlie(), &approve).dry_run().await?.return_value();
    assert_eq!(refused, Err(PSP34Error::NotApproved));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    let allowance = call()
        .exec_input(
            input(ALLOWANCE)
                .push_arg(account(Alice))
                .push_arg(account(Bob))
                .push_arg(Some(Id::U64(1))),
        )
        .returns::<bool>();
    assert!(client.call(&ink_e2e::charlie(), &allowance).dry_run().await?.return_value());

    // transfer by the approved operator
    let transfer = call()
        .exec_input(
            input(TRANSFER)
                .push_arg(account(Charlie))
                .push_arg(Id::U64(1))
                .push_arg(Vec::<u8>::new()),
        )
        .returns::<Result<(), PSP34Error>>();
    let unknown = call()
        .exec_input(
            input(TRANSFER)
                .push_arg(account(Charlie))
                .push_arg(Id::U64(9))
                .push_arg(Vec::<u8>::new()),
        )
        .returns::<Result<(), PSP34Error>>();
    let missing = client.call(&ink_e2e::bob(), &unknown).dry_run().await?.return_value();
    assert_eq!(missing, Err(PSP34Error::TokenNotExists));
    client.call(&ink_e2e::bob(), &transfer).submit().await?;
    let owner = client.call(&ink_e2e::bob(), &typed.owner_of(Id::U64(1))).dry_run().await?;
    assert_eq!(owner.return_value(), Some(account(Charlie)));
    assert!(!client.call(&ink_e2e::charlie(), &allowance).dry_run().await?.return_value());
    let market = ink_e2e::create_call_builder::<Market>(stack.market);
    let known = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    assert_eq!(known.map(|m| (m.owner, m.epoch)), Some((account(Charlie), 1)));
    Ok(())
}
