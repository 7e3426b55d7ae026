//! The command line's subcommands and arguments, and the parsers of the
//! values they take (parents, split recipients, hashes, rulings).

use clap::{Subcommand, ValueEnum};
use modelmint_cli::{parse_account, CliError, Deployment};
use modelmint_common::licensing::Use;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, LicenseId, ModelId, OfferId, OwnerEpoch, Relation};
use modelmint_registry::{DisputeId, ParentRequest, Ruling};
use std::path::PathBuf;

/// Read models, edit their metadata, repair the market's copy.
#[derive(Subcommand)]
pub enum ModelCommand {
    /// A model's record, owner, owner epoch, status and obligations.
    Show {
        /// The model id.
        model: ModelId,
    },
    /// Every registered model, one line each.
    List,
    /// A model and its ancestors: each one's parents (the edges it was
    /// registered with) and the ancestors it owes a share of every payment.
    Lineage {
        /// The model id.
        model: ModelId,
    },
    /// Change a model's metadata URI (you must own it; not once frozen).
    SetUri {
        /// The model id.
        model: ModelId,
        /// The new metadata URI (the model card).
        uri: String,
    },
    /// Freeze a model's metadata for good: its URI never changes again.
    Freeze {
        /// The model id.
        model: ModelId,
    },
    /// Deprecate a model: no new licenses are sold (existing ones are untouched).
    Deprecate {
        /// The model id.
        model: ModelId,
    },
    /// Make a deprecated model active again: its offers sell again.
    Activate {
        /// The model id.
        model: ModelId,
    },
    /// Push a model's record from the registry to the market again (anyone
    /// may): repairs the market's copy after a rewiring.
    Resync {
        /// The model id.
        model: ModelId,
    },
}

/// A use of a model or a dataset a license may permit.
#[derive(Clone, Copy, ValueEnum)]
pub enum UseArg {
    Research,
    Inference,
    FineTuning,
    Redistribution,
    /// Training models on a dataset (datasets' licenses only).
    Training,
}

impl From<UseArg> for Use {
    fn from(use_: UseArg) -> Self {
        match use_ {
            UseArg::Research => Use::Research,
            UseArg::Inference => Use::CommercialInference,
            UseArg::FineTuning => Use::FineTuning,
            UseArg::Redistribution => Use::Redistribution,
            UseArg::Training => Use::Training,
        }
    }
}

/// Sell licenses.
#[derive(Subcommand)]
pub enum OfferCommand {
    /// A model's open and paused offers with their terms, state and sales
    /// (a closed offer leaves the list; `offer show` still finds it).
    List {
        /// The model id.
        model: ModelId,
    },
    /// One offer: its model, terms, legal text, state and sales.
    Show {
        /// The offer id.
        offer: OfferId,
    },
    /// Offer licenses of a model you own.
    Create {
        /// The model id.
        model: ModelId,
        /// Price of one license (and of one renewal), in the chain's smallest unit.
        #[arg(long)]
        price: Balance,
        /// How many days a license lasts (omit for perpetual licenses).
        #[arg(long)]
        days: Option<u64>,
        /// How many milliseconds a license lasts, instead of --days (short
        /// licenses for tests on a dev chain).
        #[arg(long, conflicts_with = "days")]
        duration_ms: Option<u64>,
        /// The most licenses the offer sells (omit for no limit).
        #[arg(long)]
        cap: Option<u32>,
        /// What licensees may do with the model.
        #[arg(long, value_delimiter = ',', required = true)]
        uses: Vec<UseArg>,
        /// Royalty (basis points) a licensee's derivative owes this model; omit
        /// to grant no derivative right.
        #[arg(long)]
        derivative_royalty_bps: Option<u16>,
        /// Licenses may be passed on to another account.
        #[arg(long)]
        transferable: bool,
        /// URI of the legal text.
        #[arg(long)]
        legal_uri: String,
        /// sha256 of the legal text, hex.
        #[arg(long)]
        legal_sha256: String,
    },
    /// Stop an offer from selling for now (you must own its model).
    Pause {
        /// The offer id.
        offer: OfferId,
    },
    /// Open an offer (again): a paused one, or one opened by the model's
    /// previous owner.
    #[command(alias = "resume")]
    Open {
        /// The offer id.
        offer: OfferId,
    },
    /// Close an offer for good; licenses sold from it stay valid.
    Close {
        /// The offer id.
        offer: OfferId,
    },
}

/// Buy and hold licenses.
#[derive(Subcommand)]
pub enum LicenseCommand {
    /// Buy a license from an offer of the model the offer names; the price is
    /// checked first and never above --max-price.
    Buy {
        /// The offer id.
        offer: OfferId,
        /// The most you agree to pay.
        #[arg(long)]
        max_price: Balance,
        /// The model you mean to license: nothing is sent unless the offer is
        /// for it (default: the offer's model).
        #[arg(long)]
        model: Option<ModelId>,
    },
    /// An account's licenses on a model (default: the signer's), oldest first.
    List {
        /// The model id.
        model: ModelId,
        /// The holder's SS58 address.
        #[arg(long)]
        holder: Option<String>,
    },
    /// Whether an account holds a license on a model, valid now, for a use.
    Check {
        /// The model id.
        model: ModelId,
        /// The account's SS58 address.
        account: String,
        /// The use to check.
        #[arg(long = "use")]
        use_: UseArg,
    },
    /// Renew a time-limited license for one more period of its offer; the
    /// price is checked first and never above --max-price.
    Renew {
        /// The license id.
        license: LicenseId,
        /// The most you agree to pay.
        #[arg(long)]
        max_price: Balance,
    },
    /// Offer a license you hold to another account: it waits in escrow,
    /// granting you nothing, until that account accepts; --cancel takes it back.
    Transfer {
        /// The license id.
        license: LicenseId,
        /// The SS58 address of the account to offer it to.
        #[arg(long, required_unless_present = "cancel")]
        to: Option<String>,
        /// Withdraw the transfer offer instead.
        #[arg(long, conflicts_with = "to")]
        cancel: bool,
    },
    /// Accept a license offered to you.
    Accept {
        /// The license id.
        license: LicenseId,
    },
    /// Give up a license you hold, for good (its storage deposit comes back).
    Release {
        /// The license id.
        license: LicenseId,
    },
}

/// Royalty balances and withdrawals.
#[derive(Subcommand)]
pub enum RoyaltiesCommand {
    /// What a withdrawal pays an account (default: the signer): its owed
    /// balance, its parts of the splits it accepted, and the revenue of the
    /// models it owns without a split.
    Owed {
        /// SS58 address.
        account: Option<String>,
    },
    /// Withdraw everything the signer is owed, collecting the revenue of its
    /// models without a split (at most 32 models at a time: run it again for
    /// the rest).
    Withdraw,
    /// Pay an account everything it is owed (the money only goes to it: for
    /// recipients that cannot sign, such as contracts or cold wallets).
    WithdrawFor {
        /// SS58 address.
        account: String,
    },
    /// End the current round of a model: its revenue moves to the balances
    /// of whoever it is owed to (its split's recipients, or its owner); you
    /// pay for the balances this creates.
    Distribute {
        /// The model id.
        model: ModelId,
    },
    /// What the market holds and owes.
    Solvency,
}

/// Revenue splits.
#[derive(Subcommand)]
pub enum SplitCommand {
    /// Split a model's revenue (you must own it); recipients must accept.
    Set {
        /// The model id.
        model: ModelId,
        /// A recipient and its share in parts per million, as ADDRESS=PPM;
        /// repeat it, the shares must add up to 1000000.
        #[arg(long = "to", required = true)]
        to: Vec<String>,
    },
    /// A model's split and what its current round holds.
    Show {
        /// The model id.
        model: ModelId,
    },
    /// Accept your listing in a model's split: your withdrawals then take your
    /// part of it.
    Accept {
        /// The model id.
        model: ModelId,
    },
    /// Leave a model's split, keeping your part of what it received so far.
    Leave {
        /// The model id.
        model: ModelId,
    },
    /// Remove a model's split (you must own it): its revenue goes to its owner again.
    Clear {
        /// The model id.
        model: ModelId,
    },
}

/// What the arbiter rules on a dispute.
#[derive(Clone, Copy, ValueEnum)]
pub enum RulingArg {
    /// The claim fails: the deposit goes to the model's owner.
    Dismiss,
    /// The claim holds: the deposit goes back to the claimant, and the model
    /// is marked disputed or, with --reassign, its token moves to the claimant.
    Uphold,
}

/// Disputes over who a model belongs to.
#[derive(Subcommand)]
pub enum DisputeCommand {
    /// Claim a model is yours: the call carries the registry's dispute
    /// deposit, held until the arbiter rules.
    Raise {
        /// The model id.
        model: ModelId,
        /// Where the evidence is published.
        #[arg(long)]
        evidence_uri: String,
        /// sha256 of the evidence document, hex.
        #[arg(long)]
        evidence_sha256: String,
    },
    /// A dispute, open or ruled on.
    Show {
        /// The dispute id.
        dispute: DisputeId,
    },
    /// Rule on a dispute (the arbiter only): dismiss, or uphold; an upheld
    /// claim with --reassign moves the model to the claimant, and
    /// --void-from EPOCH also voids every license sold in the owner epochs
    /// from EPOCH up to the move.
    Resolve {
        /// The dispute id.
        dispute: DisputeId,
        /// The ruling.
        ruling: RulingArg,
        /// Move the model's token to the claimant.
        #[arg(long)]
        reassign: bool,
        /// Void the licenses sold from this owner epoch on (needs --reassign).
        #[arg(long, requires = "reassign")]
        void_from: Option<OwnerEpoch>,
    },
    /// Remove a dispute the arbiter ruled on (its claimant only; the storage
    /// deposit comes back).
    Clear {
        /// The dispute id.
        dispute: DisputeId,
    },
    /// Release a disputed model's escrow (anyone) once it is due: the
    /// arbiter did not rule within 14 days of the first open dispute.
    Release {
        /// The model id.
        model: ModelId,
    },
    /// After a reassigning ruling (the arbiter only): move a version or
    /// derivative of the disputed model that the losing owner registered and
    /// still holds to the claimant.
    Restore {
        /// The dispute id.
        dispute: DisputeId,
        /// The version or derivative to move.
        model: ModelId,
    },
    /// After a reassigning ruling (the arbiter only): give the disputed model
    /// the parents a squatter erased, each as MODEL:RELATION:BPS (the share
    /// it is owed); none makes it an original again.
    SetLineage {
        /// The dispute id.
        dispute: DisputeId,
        /// The parents, MODEL:RELATION:BPS.
        #[arg(long = "parent")]
        parents: Vec<String>,
    },
}

/// A ModelMint contract of the deployment.
#[derive(Clone, Copy, ValueEnum)]
pub enum ContractArg {
    Registry,
    Market,
    Gateway,
}

impl ContractArg {
    /// Every contract, in the manifest's order.
    pub const ALL: [Self; 3] = [Self::Registry, Self::Market, Self::Gateway];

    /// The contract's name, as the deployment manifest and errors name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Registry => "registry",
            Self::Market => "market",
            Self::Gateway => "gateway",
        }
    }

    /// Its address in `deployment`.
    pub fn address(self, deployment: &Deployment) -> ink::primitives::AccountId {
        match self {
            Self::Registry => deployment.registry,
            Self::Market => deployment.market,
            Self::Gateway => deployment.gateway,
        }
    }
}

/// The shared administration of every contract.
#[derive(Subcommand)]
pub enum AdminCommand {
    /// Administrator, proposal, pause state, timelock, scheduled action and
    /// wiring of each contract (or of one); the market's desk code too.
    Status {
        /// Only this contract.
        contract: Option<ContractArg>,
    },
    /// Schedule an upgrade (--upgrade) or a rewiring (--registry, --market,
    /// --arbiter: the links not named stay as they are; `none` unsets one);
    /// it is executable once the contract's timelock has passed.
    Schedule {
        /// The contract.
        contract: ContractArg,
        /// The hash of uploaded code to upgrade to (0x + 64 hex digits).
        #[arg(long, conflicts_with_all = ["registry", "market", "arbiter"])]
        upgrade: Option<String>,
        /// The registry to wire (SS58 address or `none`).
        #[arg(long)]
        registry: Option<String>,
        /// The market to wire (SS58 address or `none`).
        #[arg(long)]
        market: Option<String>,
        /// The arbiter of disputes to wire (SS58 address or `none`).
        #[arg(long)]
        arbiter: Option<String>,
    },
    /// Cancel the contract's scheduled action.
    Cancel {
        /// The contract.
        contract: ContractArg,
    },
    /// Execute the contract's scheduled action (its timelock must have passed).
    Execute {
        /// The contract.
        contract: ContractArg,
    },
    /// Pause what the contract documents as pausable (new obligations only).
    Pause {
        /// The contract.
        contract: ContractArg,
    },
    /// Resume a paused contract.
    Resume {
        /// The contract.
        contract: ContractArg,
    },
}

/// What registering any asset takes: its files and its metadata.
#[derive(clap::Args)]
pub struct AssetArgs {
    /// The asset's file or folder.
    pub path: PathBuf,
    /// Human-readable name.
    #[arg(long)]
    pub name: String,
    /// Version label.
    #[arg(long, default_value = "v1")]
    pub version: String,
    /// Metadata URI (the model or dataset card).
    #[arg(long)]
    pub uri: String,
    /// The previous version of the same line, of the same kind (you must own it).
    #[arg(long)]
    pub previous_version: Option<ModelId>,
    /// Give up waiting for the commit window after this many seconds.
    #[arg(long, default_value_t = 600)]
    pub wait_secs: u64,
}

/// What `register` takes: a model's files, metadata and lineage.
#[derive(clap::Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub asset: AssetArgs,
    /// A parent this model derives from, as MODEL:RELATION:MAX_BPS (relation
    /// fine-tune, quantization, distillation, merge or other; MAX_BPS the
    /// highest royalty you accept to owe it); repeat it for each parent. The
    /// model also owes every ancestor its parents owe, at the same share.
    #[arg(long = "parent")]
    pub parents: Vec<String>,
    /// A dataset this model was trained on, as DATASET:MAX_BPS (MAX_BPS the
    /// highest royalty you accept to owe it); repeat it for each dataset.
    /// The right comes from owning the dataset, its owner's approval, or a
    /// license of it that permits training.
    #[arg(long = "trained-on")]
    pub trained_on: Vec<String>,
}

/// Datasets: training data registered as assets.
#[derive(Subcommand)]
pub enum DatasetCommand {
    /// Hash a dataset file or folder, commit to its content root, then
    /// register it as a dataset (the reveal waits for the commit window).
    Register(AssetArgs),
}

/// `DATASET:MAX_BPS` as a training edge of a registration.
///
/// # Errors
/// [`CliError::Input`].
pub fn parse_trained_on(entry: &str) -> Result<ParentRequest, CliError> {
    let bad = || CliError::Input(format!("{entry:?} is not DATASET:MAX_BPS"));
    let (dataset, max_royalty_bps) = entry.split_once(':').ok_or_else(bad)?;
    Ok(ParentRequest {
        model: dataset.parse().map_err(|_| bad())?,
        relation: Relation::TrainedOn,
        max_royalty_bps: max_royalty_bps.parse().map_err(|_| bad())?,
    })
}

/// `MODEL:RELATION:MAX_BPS` as a parent of a registration.
///
/// # Errors
/// [`CliError::Input`].
pub fn parse_parent(entry: &str) -> Result<ParentRequest, CliError> {
    let bad = || {
        CliError::Input(format!(
            "{entry:?} is not MODEL:RELATION:MAX_BPS (relation fine-tune, quantization, distillation, merge or other)"
        ))
    };
    let mut parts = entry.split(':');
    let (Some(model), Some(relation), Some(max_royalty_bps), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let relation = match relation {
        "fine-tune" => Relation::FineTune,
        "quantization" => Relation::Quantization,
        "distillation" => Relation::Distillation,
        "merge" => Relation::Merge,
        "other" => Relation::Other,
        _ => return Err(bad()),
    };
    Ok(ParentRequest {
        model: model.parse().map_err(|_| bad())?,
        relation,
        max_royalty_bps: max_royalty_bps.parse().map_err(|_| bad())?,
    })
}

/// `ADDRESS=PPM` as a split recipient.
///
/// # Errors
/// [`CliError::Input`], [`CliError::BadAddress`].
pub fn parse_recipient(entry: &str) -> Result<Recipient, CliError> {
    let bad =
        || CliError::Input(format!("{entry:?} is not ADDRESS=PPM (a share in parts per million)"));
    let (address, share) = entry.split_once('=').ok_or_else(bad)?;
    Ok(Recipient { account: parse_account(address)?, share: share.parse().map_err(|_| bad())? })
}

/// 64 hex digits, with or without `0x`.
///
/// # Errors
/// [`CliError::Input`].
pub fn parse_hash(text: &str) -> Result<[u8; 32], CliError> {
    let bad = || CliError::Input(format!("{text:?} is not a sha256 (64 hex digits)"));
    let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}

/// The registry's [`Ruling`] for `dispute resolve`'s arguments.
///
/// # Errors
/// [`CliError::Input`] for --reassign or --void-from with `dismiss`, and
/// for --void-from without --reassign.
pub fn ruling(
    kind: RulingArg,
    reassign: bool,
    void_from: Option<OwnerEpoch>,
) -> Result<Ruling, CliError> {
    match kind {
        RulingArg::Dismiss if reassign || void_from.is_some() => Err(CliError::Input(
            "a dismissal moves nothing and voids nothing: --reassign and --void-from go with uphold".into(),
        )),
        RulingArg::Dismiss => Ok(Ruling::Dismiss),
        RulingArg::Uphold if void_from.is_some() && !reassign => Err(CliError::Input(
            "--void-from voids the licenses a squatter sold before the model moves: it needs --reassign".into(),
        )),
        RulingArg::Uphold => Ok(Ruling::Uphold { reassign, void_from }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Probe {
        #[command(subcommand)]
        command: Probed,
    }

    #[derive(Subcommand)]
    enum Probed {
        #[command(subcommand)]
        License(LicenseCommand),
        #[command(subcommand)]
        Offer(OfferCommand),
        #[command(subcommand)]
        Dispute(DisputeCommand),
        #[command(subcommand)]
        Admin(AdminCommand),
    }

    fn parse(line: &str) -> Result<Probed, clap::Error> {
        Probe::try_parse_from(std::iter::once("modelmint").chain(line.split_whitespace()))
            .map(|probe| probe.command)
    }

    #[test]
    fn a_parent_is_model_relation_and_the_highest_royalty_accepted() {
        let parent = parse_parent("3:fine-tune:1000").unwrap();
        assert_eq!(
            (parent.model, parent.relation, parent.max_royalty_bps),
            (3, Relation::FineTune, 1000)
        );
        assert_eq!(parse_parent("1:merge:0").unwrap().relation, Relation::Merge);
        let trained = parse_trained_on("4:700").unwrap();
        assert_eq!(
            (trained.model, trained.relation, trained.max_royalty_bps),
            (4, Relation::TrainedOn, 700)
        );
        for bad in ["4", "4:", "x:700", "4:700:1", "4:70000"] {
            assert!(matches!(parse_trained_on(bad), Err(CliError::Input(_))), "{bad}");
        }
        for bad in
            ["3:sibling:100", "3:fine-tune", "x:fine-tune:1", "3:fine-tune:1:2", "3:other:-1"]
        {
            assert!(matches!(parse_parent(bad), Err(CliError::Input(_))), "{bad}");
        }
    }

    #[test]
    fn a_recipient_is_an_address_and_a_share_in_parts_per_million() {
        let dave = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
        let recipient = parse_recipient(&format!("{dave}=300000")).unwrap();
        assert_eq!(
            (modelmint_cli::ss58(&recipient.account), recipient.share),
            (dave.to_string(), 300_000)
        );
        assert!(matches!(parse_recipient(dave), Err(CliError::Input(_))));
        assert!(matches!(parse_recipient("nobody=1"), Err(CliError::BadAddress { .. })));
    }

    #[test]
    fn hashes_are_64_hex_digits_with_or_without_0x() {
        let hex = "ab".repeat(32);
        assert_eq!(parse_hash(&hex).unwrap(), [0xab; 32]);
        assert_eq!(parse_hash(&format!("0x{hex}")).unwrap(), [0xab; 32]);
        assert!(matches!(parse_hash("0xabcd"), Err(CliError::Input(_))));
    }

    #[test]
    fn a_ruling_voids_licenses_only_when_it_reassigns() {
        assert_eq!(ruling(RulingArg::Dismiss, false, None).unwrap(), Ruling::Dismiss);
        assert_eq!(
            ruling(RulingArg::Uphold, false, None).unwrap(),
            Ruling::Uphold { reassign: false, void_from: None }
        );
        assert_eq!(
            ruling(RulingArg::Uphold, true, Some(0)).unwrap(),
            Ruling::Uphold { reassign: true, void_from: Some(0) }
        );
        for (kind, reassign, void_from) in [
            (RulingArg::Dismiss, true, None),
            (RulingArg::Dismiss, false, Some(1)),
            (RulingArg::Uphold, false, Some(1)),
        ] {
            assert!(matches!(ruling(kind, reassign, void_from), Err(CliError::Input(_))));
        }
    }

    #[test]
    fn dispute_resolve_takes_the_ruling_and_void_from_only_with_reassign() {
        let Ok(Probed::Dispute(DisputeCommand::Resolve { dispute, ruling, reassign, void_from })) =
            parse("dispute resolve 4 uphold --reassign --void-from 2")
        else {
            panic!("not parsed as a ruling");
        };
        assert_eq!((dispute, reassign, void_from), (4, true, Some(2)));
        assert!(matches!(ruling, RulingArg::Uphold));
        assert!(parse("dispute resolve 4 uphold --void-from 2").is_err(), "needs --reassign");
        assert!(parse("dispute resolve 4 maybe").is_err());
        assert!(matches!(
            parse("dispute resolve 4 dismiss"),
            Ok(Probed::Dispute(DisputeCommand::Resolve { reassign: false, void_from: None, .. }))
        ));
    }

    #[test]
    fn a_purchase_names_the_offer_and_may_name_the_model() {
        assert!(matches!(
            parse("license buy 7 --max-price 10"),
            Ok(Probed::License(LicenseCommand::Buy { offer: 7, max_price: 10, model: None }))
        ));
        assert!(matches!(
            parse("license buy 7 --max-price 10 --model 3"),
            Ok(Probed::License(LicenseCommand::Buy { offer: 7, max_price: 10, model: Some(3) }))
        ));
        assert!(parse("license buy 7").is_err(), "--max-price is required");
    }

    #[test]
    fn offers_open_and_resume_is_their_old_name() {
        assert!(matches!(
            parse("offer open 2"),
            Ok(Probed::Offer(OfferCommand::Open { offer: 2 }))
        ));
        assert!(matches!(
            parse("offer resume 2"),
            Ok(Probed::Offer(OfferCommand::Open { offer: 2 }))
        ));
        assert!(matches!(
            parse("offer create 1 --price 5 --uses research,inference --cap 3 --legal-uri u --legal-sha256 00"),
            Ok(Probed::Offer(OfferCommand::Create { cap: Some(3), .. }))
        ));
    }

    #[test]
    fn admin_commands_name_the_registry_the_market_or_the_gateway() {
        assert!(matches!(
            parse("admin pause market"),
            Ok(Probed::Admin(AdminCommand::Pause { contract: ContractArg::Market }))
        ));
        for gone in ["admin pause licensing", "admin pause royalties"] {
            assert!(parse(gone).is_err(), "{gone}");
        }
        assert!(matches!(
            parse("admin schedule registry --market none"),
            Ok(Probed::Admin(AdminCommand::Schedule { market: Some(_), .. }))
        ));
        assert!(parse("admin schedule registry --licensing none").is_err());
        assert!(parse("admin schedule market --upgrade 0x00 --registry none").is_err());
        let names: Vec<&str> = ContractArg::ALL.iter().map(|contract| contract.name()).collect();
        assert_eq!(names, ["registry", "market", "gateway"]);
    }
}
