//! The administration, one implementation in every contract (the market's
//! runs in its desk), measured on each of them: their code sizes differ, and
//! with them the weights.

use crate::report::UNIT;
use crate::runner::{Bench, Signer};
use crate::scenario::{AdminRef, Scenario};
use ink::codegen::TraitCallBuilder;
use ink::primitives::AccountId;
use modelmint_cli::deploy::instantiate;
use modelmint_cli::CliError;
use modelmint_common::admin::{Admin, AdminAction, Timelock, Wiring};
use modelmint_market::Market;
use modelmint_registry::{Registry, RegistryError, RegistryRef};

impl Scenario<'_> {
    /// A registry instantiated here gets its one immediate wiring
    /// (`Admin::wire`, to the deployed market and arbiter; the market and the
    /// gateway are wired by their constructors, see
    /// [`crate::report::ONLY_REFUSED`]); then, on each deployed contract, a
    /// pause and a resume, a rewiring scheduled and cancelled, one scheduled
    /// and executed (to the same links: the bench deployment has no
    /// timelock), for the market a sweep of money sent to it outside any
    /// payment, and a hand-over to Bob, who renounces. It runs last: every
    /// contract ends without an administrator.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn administration(&mut self) -> Result<(), CliError> {
        use Signer::Alice;
        let at = self.at.clone();
        let bench = &mut *self.bench;
        bench.stage(
            "administration: the first wiring, then every contract's admin messages",
            Some(4),
        );
        let registry = ink_e2e::create_call_builder::<Registry>(at.registry);
        let commit_window =
            bench.query(("registry", "commit_window"), &registry.commit_window()).await?;
        let dispute_deposit =
            bench.query(("registry", "dispute_deposit"), &registry.dispute_deposit()).await?;
        let (fresh, _) = instantiate::<RegistryError, _, _, _>(
            bench.client(),
            &Alice.keypair(),
            "registry",
            &mut RegistryRef::new(
                Timelock::Disabled,
                modelmint_common::admin::DEFAULT_GRACE,
                commit_window,
                dispute_deposit,
            ),
        )
        .await?;
        let wiring = wiring_of(bench, "registry", at.registry).await?;
        let mut admin: AdminRef = fresh.into();
        bench
            .measure(
                "complete a deployment: the one immediate wiring",
                Alice,
                ("registry", "Admin::wire"),
                &admin.call_mut().wire(wiring),
                0,
            )
            .await?;
        bench.step();
        for (contract, address) in
            [("registry", at.registry), ("market", at.market), ("gateway", at.gateway)]
        {
            self.administer(contract, address).await?;
            self.bench.step();
        }
        Ok(())
    }

    /// Every administration message of `contract` at `address`, measured (see
    /// [`Self::administration`]).
    async fn administer(
        &mut self,
        contract: &'static str,
        address: AccountId,
    ) -> Result<(), CliError> {
        use Signer::{Alice, Bob};
        let bench = &mut *self.bench;
        let mut admin: AdminRef = address.into();
        let paused = (contract, "Admin::set_paused");
        bench.measure("pause", Alice, paused, &admin.call_mut().set_paused(true), 0).await?;
        bench.measure("resume", Alice, paused, &admin.call_mut().set_paused(false), 0).await?;
        let rewire = AdminAction::Rewire { wiring: wiring_of(bench, contract, address).await? };
        let schedule = (contract, "Admin::schedule");
        bench
            .measure("schedule a rewiring", Alice, schedule, &admin.call_mut().schedule(rewire), 0)
            .await?;
        bench
            .measure(
                "cancel it",
                Alice,
                (contract, "Admin::cancel_scheduled"),
                &admin.call_mut().cancel_scheduled(),
                0,
            )
            .await?;
        bench.call(Alice, schedule, &admin.call_mut().schedule(rewire), 0).await?;
        bench
            .measure(
                "execute a rewiring to the same links",
                Alice,
                (contract, "Admin::execute_scheduled"),
                &admin.call_mut().execute_scheduled(),
                0,
            )
            .await?;
        if contract == "market" {
            // Money sent to the market outside any payment is surplus: only
            // the administrator can move it, and only it.
            modelmint_cli::transfer(bench.client(), &Signer::Dave.keypair(), &address, UNIT)
                .await?;
            let mut market = ink_e2e::create_call_builder::<Market>(address);
            bench
                .measure(
                    "sweep money sent outside any payment",
                    Alice,
                    ("market", "sweep"),
                    &market.sweep(Alice.account()),
                    0,
                )
                .await?;
        }
        // The administrator hands over (two steps), and the successor renounces.
        bench
            .measure(
                "propose a successor (Bob)",
                Alice,
                (contract, "Admin::propose_admin"),
                &admin.call_mut().propose_admin(Some(Bob.account())),
                0,
            )
            .await?;
        bench
            .measure(
                "the successor accepts",
                Bob,
                (contract, "Admin::accept_admin"),
                &admin.call_mut().accept_admin(),
                0,
            )
            .await?;
        bench
            .measure(
                "the administrator renounces",
                Bob,
                (contract, "Admin::renounce_admin"),
                &admin.call_mut().renounce_admin(),
                0,
            )
            .await?;
        Ok(())
    }
}

/// The wiring of the deployed `contract` at `address`.
async fn wiring_of(
    bench: &mut Bench,
    contract: &'static str,
    address: AccountId,
) -> Result<Wiring, CliError> {
    let admin: AdminRef = address.into();
    Ok(bench.query((contract, "Admin::admin_state"), &admin.call().admin_state()).await?.wiring)
}
