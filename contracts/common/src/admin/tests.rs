//! The administration rules, without a contract around them.

use super::*;
use ink::storage::traits::ManualKey;

fn account(byte: u8) -> AccountId {
    AccountId::from([byte; 32])
}

const LINKS: &[Link] = &[Link::Registry, Link::Market];
const DELAY: Timestamp = 60_000;
const GRACE: Timestamp = 5_000;

fn admin_data(wiring: Wiring) -> AdminData {
    AdminData::new(AdminInit {
        admin: account(1),
        timelock: Timelock::Delay(DELAY),
        grace: GRACE,
        links: LINKS,
        wiring,
        layout_version: 1,
    })
    .expect("valid settings")
}

fn wired() -> Wiring {
    Wiring { registry: Some(account(7)), market: Some(account(8)), ..Wiring::default() }
}

fn upgrade() -> AdminAction {
    AdminAction::Upgrade { code_hash: Hash::from([9; 32]) }
}

#[ink::test]
fn a_zero_delay_must_be_asked_for_by_name() {
    let init = |timelock| AdminInit {
        admin: account(1),
        timelock,
        grace: DEFAULT_GRACE,
        links: LINKS,
        wiring: Wiring::default(),
        layout_version: 1,
    };
    assert_eq!(AdminData::new(init(Timelock::Delay(0))).err(), Some(AdminError::ZeroDelay));
    assert_eq!(
        AdminData::new(init(Timelock::Delay(MAX_DELAY + 1))).err(),
        Some(AdminError::DelayTooLong { max: MAX_DELAY })
    );
    let data = AdminData::new(init(Timelock::Disabled)).expect("an explicit zero delay");
    assert_eq!(data.view(LINKS, 1).delay, 0);
    let data = AdminData::new(init(Timelock::Delay(MAX_DELAY))).expect("the longest delay");
    assert_eq!(data.view(LINKS, 1).delay, MAX_DELAY);
}

#[ink::test]
fn instantiation_refuses_a_wiring_of_links_the_contract_does_not_use() {
    let wiring = Wiring { arbiter: Some(account(3)), ..Wiring::default() };
    let refused = AdminData::new(AdminInit {
        admin: account(1),
        timelock: Timelock::Disabled,
        grace: DEFAULT_GRACE,
        links: LINKS,
        wiring,
        layout_version: 1,
    });
    assert_eq!(refused.err(), Some(AdminError::UnusedLink { link: Link::Arbiter }));
}

#[ink::test]
fn the_administrator_changes_only_when_the_proposed_account_accepts() {
    let mut data = admin_data(wired());
    assert_eq!(data.propose(account(2), Some(account(3))), Err(AdminError::NotAdmin));
    data.propose(account(1), Some(account(3))).unwrap();
    assert_eq!(data.admin(), Some(account(1)));
    assert_eq!(data.accept(account(2)), Err(AdminError::NotProposedAdmin));
    assert_eq!(
        data.accept(account(3)),
        Ok(vec![AdminEvent::AdminChanged(AdminChanged {
            previous: account(1),
            admin: account(3)
        })])
    );
    assert_eq!(data.admin(), Some(account(3)));
    assert_eq!(data.view(LINKS, 1).proposed, None);
    assert_eq!(data.accept(account(3)), Err(AdminError::NotProposedAdmin));
}

#[ink::test]
fn a_scheduled_action_waits_for_exactly_the_delay() {
    let mut data = admin_data(wired());
    let (ready_at, events) = data.schedule(account(1), 1_000, LINKS, upgrade()).unwrap();
    assert_eq!(ready_at, 1_000 + DELAY);
    let scheduled = Scheduled {
        action: upgrade(),
        scheduled_at: 1_000,
        ready_at,
        expires_at: ready_at + GRACE,
    };
    assert_eq!(events, vec![AdminEvent::ActionScheduled(ActionScheduled { scheduled })]);
    assert_eq!(
        data.schedule(account(1), 1_001, LINKS, upgrade()),
        Err(AdminError::ActionPending { ready_at })
    );
    assert_eq!(
        data.ready_action(account(1), ready_at - 1),
        Err(AdminError::TooEarly { ready_at, now: ready_at - 1 })
    );
    assert_eq!(data.ready_action(account(2), ready_at), Err(AdminError::NotAdmin));
    assert_eq!(data.ready_action(account(1), ready_at), Ok(upgrade()));
    assert_eq!(
        data.complete(upgrade()),
        vec![AdminEvent::CodeUpgraded(CodeUpgraded { code_hash: Hash::from([9; 32]) })]
    );
    assert_eq!(data.scheduled(), None);
    assert_eq!(data.ready_action(account(1), ready_at), Err(AdminError::NothingScheduled));
}

#[ink::test]
fn a_cancelled_action_never_executes() {
    let mut data = admin_data(wired());
    data.schedule(account(1), 0, LINKS, upgrade()).unwrap();
    assert_eq!(data.cancel(account(2)), Err(AdminError::NotAdmin));
    assert_eq!(
        data.cancel(account(1)),
        Ok(vec![AdminEvent::ActionCancelled(ActionCancelled { action: upgrade() })])
    );
    assert_eq!(data.ready_action(account(1), u64::MAX), Err(AdminError::NothingScheduled));
    assert_eq!(data.cancel(account(1)), Err(AdminError::NothingScheduled));
}

#[ink::test]
fn rewiring_replaces_the_whole_wiring_and_reports_both() {
    let mut data = admin_data(wired());
    let next = Wiring { registry: Some(account(5)), ..Wiring::default() };
    let unused = Wiring { arbiter: Some(account(5)), ..next };
    assert_eq!(
        data.schedule(account(1), 0, LINKS, AdminAction::Rewire { wiring: unused }),
        Err(AdminError::UnusedLink { link: Link::Arbiter })
    );
    data.schedule(account(1), 0, LINKS, AdminAction::Rewire { wiring: next }).unwrap();
    assert_eq!(data.wiring(), wired(), "nothing changes before execution");
    let action = data.ready_action(account(1), DELAY).unwrap();
    assert_eq!(
        data.complete(action),
        vec![AdminEvent::Rewired(Rewired { previous: wired(), wiring: next })]
    );
    assert_eq!(data.link(Link::Registry), Some(account(5)));
    assert_eq!(data.link(Link::Market), None);
}

#[ink::test]
fn the_immediate_wiring_is_open_once_and_only_before_any_wiring() {
    let mut data = admin_data(Wiring::default());
    assert_eq!(data.wire(account(2), LINKS, wired()), Err(AdminError::NotAdmin));
    data.wire(account(1), LINKS, wired()).unwrap();
    assert_eq!(data.wire(account(1), LINKS, Wiring::default()), Err(AdminError::WiringAlreadySet));
    let mut prewired = admin_data(wired());
    assert_eq!(prewired.wire(account(1), LINKS, wired()), Err(AdminError::WiringAlreadySet));
}

#[ink::test]
fn renouncing_ends_administration_for_good() {
    let mut data = admin_data(wired());
    data.set_paused(account(1), true).unwrap();
    data.schedule(account(1), 0, LINKS, upgrade()).unwrap();
    data.propose(account(1), Some(account(2))).unwrap();
    assert_eq!(data.renounce(account(2)), Err(AdminError::NotAdmin));
    assert_eq!(
        data.renounce(account(1)),
        Ok(vec![
            AdminEvent::ActionCancelled(ActionCancelled { action: upgrade() }),
            AdminEvent::PauseChanged(PauseChanged { paused: false }),
            AdminEvent::AdminRenounced(AdminRenounced { previous: account(1) }),
        ])
    );
    let view = data.view(LINKS, 1);
    assert_eq!((view.admin, view.proposed, view.paused, view.scheduled), (None, None, false, None));
    assert_eq!(data.accept(account(2)), Err(AdminError::NotProposedAdmin));
    assert_eq!(data.set_paused(account(1), true), Err(AdminError::NotAdmin));
    assert_eq!(data.schedule(account(1), 0, LINKS, upgrade()), Err(AdminError::NotAdmin));
    assert_eq!(data.renounce(account(1)), Err(AdminError::NotAdmin));
}

#[ink::test]
fn pausing_is_the_administrators_and_a_repeated_request_is_refused() {
    let mut data = admin_data(wired());
    assert_eq!(data.set_paused(account(2), true), Err(AdminError::NotAdmin));
    assert_eq!(data.ensure_running(1), Ok(wired()), "the guard hands back the wiring");
    data.set_paused(account(1), true).unwrap();
    assert_eq!(data.ensure_running(1), Err(AdminError::Paused));
    assert_eq!(data.ensure_current(1), Ok(wired()), "pausing is not a layout change");
    assert_eq!(data.set_paused(account(1), true), Err(AdminError::PauseUnchanged));
    data.set_paused(account(1), false).unwrap();
    assert!(!data.is_paused());
}

#[ink::test]
fn code_at_another_layout_refuses_state_changes_until_migrated() {
    let mut data = admin_data(wired());
    assert_eq!(data.ensure_current(2), Err(AdminError::LayoutMismatch { stored: 1, code: 2 }));
    assert_eq!(data.ensure_running(2), Err(AdminError::LayoutMismatch { stored: 1, code: 2 }));
    // the upgrade path does not depend on the layout
    data.schedule(account(1), 0, LINKS, upgrade()).unwrap();
    assert_eq!(
        data.complete_migration(2),
        vec![AdminEvent::LayoutMigrated(LayoutMigrated { from: 1, to: 2 })]
    );
    assert_eq!(data.ensure_current(2), Ok(wired()));
    assert_eq!(data.complete_migration(2), vec![], "a second migration does nothing");
}

/// pallet-contracts charges about 10 KB of proof per storage access: the
/// guard lives in the root cell, which the dispatcher has read already, so a
/// guard reads no cell and hands back the wiring it holds.
#[ink::test]
fn a_guard_reads_no_cell_and_hands_back_the_wiring() {
    let data = admin_data(wired());
    let me = ink::env::test::callee::<ink::env::DefaultEnvironment>();
    let accesses = || ink::env::test::get_contract_storage_rw::<ink::env::DefaultEnvironment>(&me);
    let before = accesses();
    assert_eq!(data.ensure_running(1), Ok(wired()));
    assert_eq!(data.ensure_current(1), Ok(wired()));
    assert_eq!(accesses(), before, "no storage access");
}

/// A later version's administration: the guard where version 1 had it, every
/// cell of version 1 under its old key, plus a new field in a new cell.
#[ink::storage_item]
#[derive(Default)]
struct AdminDataWithGuardian {
    guard: Guard,
    roles: Lazy<Roles, ManualKey<{ keys::ROLES }>>,
    scheduled: Lazy<Scheduled, ManualKey<{ keys::SCHEDULED }>>,
    guardian: Lazy<AccountId, ManualKey<0x4d4d_4105>>,
}

#[ink::test]
fn a_later_version_with_an_extra_admin_field_reads_version_one_state() {
    let mut v1 = admin_data(wired());
    v1.schedule(account(1), 5, LINKS, upgrade()).unwrap();
    v1.set_paused(account(1), true).unwrap();

    // the root cell as version 1 wrote it, read by the later version
    let root = ink::scale::Encode::encode(&v1.guard);
    let mut later = AdminDataWithGuardian {
        guard: ink::scale::Decode::decode(&mut &root[..]).expect("the guard decodes"),
        ..AdminDataWithGuardian::default()
    };
    assert_eq!(later.roles.get().and_then(|roles| roles.admin), Some(account(1)));
    assert_eq!(later.scheduled.get().map(|s| s.ready_at), Some(5 + DELAY));
    assert_eq!((later.guard.layout, later.guard.paused, later.guard.wiring), (1, true, wired()));
    assert_eq!(later.guardian.get(), None, "the new field starts empty");
    later.guardian.set(&account(4));

    // and version 1 code still reads its cells next to the new one
    let back = AdminData { guard: later.guard, ..AdminData::default() };
    assert_eq!(back.admin(), Some(account(1)));
    assert!(back.is_paused());
}

#[ink::test]
fn a_grace_period_of_zero_or_beyond_the_longest_delay_is_refused() {
    let init = |grace| AdminInit {
        admin: account(1),
        timelock: Timelock::Disabled,
        grace,
        links: LINKS,
        wiring: Wiring::default(),
        layout_version: 1,
    };
    for grace in [0, MAX_DELAY + 1] {
        assert_eq!(
            AdminData::new(init(grace)).err(),
            Some(AdminError::GraceOutOfRange { max: MAX_DELAY })
        );
    }
    for grace in [1, MAX_DELAY] {
        assert_eq!(AdminData::new(init(grace)).expect("in range").view(LINKS, 1).grace, grace);
    }
}

#[ink::test]
fn a_scheduled_action_is_executable_from_ready_until_the_grace_period_ends() {
    let mut data = admin_data(wired());
    let now = 1_000;
    let (ready_at, _) = data.schedule(account(1), now, LINKS, upgrade()).unwrap();
    let scheduled = data.scheduled().expect("scheduled");
    assert_eq!((scheduled.ready_at, scheduled.expires_at), (now + DELAY, now + DELAY + GRACE));
    assert_eq!(
        data.ready_action(account(1), ready_at - 1),
        Err(AdminError::TooEarly { ready_at, now: ready_at - 1 })
    );
    assert_eq!(data.ready_action(account(1), ready_at), Ok(upgrade()));
    assert_eq!(data.ready_action(account(1), ready_at + GRACE), Ok(upgrade()));
    let expired_at = ready_at + GRACE;
    assert_eq!(
        data.ready_action(account(1), expired_at + 1),
        Err(AdminError::ActionExpired { expired_at })
    );
    // The refusal changed nothing: the expired action is still there to read
    // (and to cancel).
    assert_eq!(data.scheduled(), Some(scheduled));
}

#[ink::test]
fn an_expired_action_is_replaced_by_scheduling_again_with_a_new_delay() {
    let mut data = admin_data(wired());
    let (ready_at, _) = data.schedule(account(1), 1_000, LINKS, upgrade()).unwrap();
    // Not yet expired: still pending.
    assert_eq!(
        data.schedule(account(1), ready_at + GRACE, LINKS, upgrade()).map(drop),
        Err(AdminError::ActionPending { ready_at })
    );
    let later = ready_at + GRACE + 1;
    let (again, events) = data.schedule(account(1), later, LINKS, upgrade()).unwrap();
    assert_eq!(again, later + DELAY);
    assert_eq!(
        events.first(),
        Some(&AdminEvent::ActionCancelled(events::ActionCancelled { action: upgrade() }))
    );
    assert!(matches!(events.get(1), Some(AdminEvent::ActionScheduled(_))));
    assert_eq!(data.ready_action(account(1), again), Ok(upgrade()));
}

#[ink::test]
fn a_contract_without_a_grace_cell_reads_the_default() {
    let mut data = admin_data(wired());
    // As a contract instantiated before the grace cell existed would be.
    ink::env::clear_contract_storage(&keys::GRACE);
    data.grace = Lazy::new();
    assert_eq!(data.grace(), DEFAULT_GRACE);
}
