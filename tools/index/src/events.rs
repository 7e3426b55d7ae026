//! Decoding of ModelMint events with the contracts' own Rust types: an ink! 5
//! event's first topic is its signature topic
//! (`<T as ink::env::Event>::SIGNATURE_TOPIC`); the data is the event struct,
//! SCALE-encoded. Nothing is decoded by hand.

use crate::IndexError;
use ink::env::Event as InkEvent;
use ink::scale::Decode;
use modelmint_common::admin::events as admin;
use modelmint_common::psp34;
use modelmint_gateway::events as gateway;
use modelmint_market_core::events as market;
use modelmint_registry::events as registry;

/// Which contract of the deployment emitted an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The model registry.
    Registry,
    /// The market (and its desk, which runs in the market's context).
    Market,
    /// The example inference gateway.
    Gateway,
}

impl Source {
    /// The contract's name, as the tables and the API spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Registry => "registry",
            Self::Market => "market",
            Self::Gateway => "gateway",
        }
    }
}

macro_rules! modelmint_events {
    ($( $source:ident { $( $variant:ident => $ty:ty ),* $(,)? } )*) => {
        /// Every event a ModelMint contract emits, as the contracts define it.
        #[derive(Debug, PartialEq, Eq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            $( $(
                #[doc = concat!("`", stringify!($ty), "`")]
                $variant($ty),
            )* )*
        }

        impl Event {
            /// The event's name (its Rust type's name).
            pub fn name(&self) -> &'static str {
                match self {
                    $( $( Self::$variant(_) => stringify!($variant), )* )*
                }
            }
        }

        /// Decodes one `ContractEmitted` of `source`: `topics` as the chain
        /// recorded them (the first is the signature topic), `data` the
        /// event's SCALE encoding.
        ///
        /// # Errors
        /// [`IndexError::Decode`] if the signature is not one of `source`'s
        /// events or the data does not decode as that event (an indexer that
        /// skipped it would leave a gap).
        pub fn decode(source: Source, topics: &[[u8; 32]], data: &[u8]) -> Result<Event, IndexError> {
            let signature = topics.first().copied().ok_or_else(|| {
                IndexError::Decode(format!("the {} emitted an anonymous event, which no ModelMint contract does", source.name()))
            })?;
            $(
                if source == Source::$source {
                    $(
                        if <$ty as InkEvent>::SIGNATURE_TOPIC == Some(signature) {
                            return decode_as::<$ty>(source, stringify!($variant), data).map(Event::$variant);
                        }
                    )*
                }
            )*
            Err(IndexError::Decode(format!(
                "the {} emitted an event with signature topic {} that this indexer does not know (was the contract upgraded to code this build does not index?)",
                source.name(),
                crate::hex32(&signature)
            )))
        }
    };
}

fn decode_as<T: Decode>(source: Source, name: &str, data: &[u8]) -> Result<T, IndexError> {
    let mut input = data;
    let event = T::decode(&mut input).map_err(|error| {
        IndexError::Decode(format!("the {}'s {name} event does not decode: {error}", source.name()))
    })?;
    if input.is_empty() {
        Ok(event)
    } else {
        Err(IndexError::Decode(format!(
            "the {}'s {name} event has {} bytes more than its type",
            source.name(),
            input.len()
        )))
    }
}

modelmint_events! {
    Registry {
        ModelRegistered => registry::ModelRegistered,
        EscrowReleased => registry::EscrowReleased,
        ModelRestored => registry::ModelRestored,
        LineageSet => registry::LineageSet,
        MetadataUpdated => registry::MetadataUpdated,
        MetadataFrozen => registry::MetadataFrozen,
        StatusChanged => registry::StatusChanged,
        DerivativeApproved => registry::DerivativeApproved,
        RegistrationCommitted => registry::RegistrationCommitted,
        CommitmentCancelled => registry::CommitmentCancelled,
        DisputeRaised => registry::DisputeRaised,
        DisputeResolved => registry::DisputeResolved,
        DisputeCleared => registry::DisputeCleared,
        Transfer => psp34::Transfer,
        Approval => psp34::Approval,
        RegistryAdminProposed => admin::AdminProposed,
        RegistryAdminChanged => admin::AdminChanged,
        RegistryAdminRenounced => admin::AdminRenounced,
        RegistryPauseChanged => admin::PauseChanged,
        RegistryActionScheduled => admin::ActionScheduled,
        RegistryActionCancelled => admin::ActionCancelled,
        RegistryCodeUpgraded => admin::CodeUpgraded,
        RegistryRewired => admin::Rewired,
        RegistryLayoutMigrated => admin::LayoutMigrated,
    }
    Market {
        OfferCreated => market::OfferCreated,
        OfferStateChanged => market::OfferStateChanged,
        LicenseSold => market::LicenseSold,
        LicenseRenewed => market::LicenseRenewed,
        Deposited => market::Deposited,
        LicenseTransferOffered => market::LicenseTransferOffered,
        LicenseTransferred => market::LicenseTransferred,
        LicenseReleased => market::LicenseReleased,
        SplitSet => market::SplitSet,
        SplitCleared => market::SplitCleared,
        SplitAccepted => market::SplitAccepted,
        SplitLeft => market::SplitLeft,
        Distributed => market::Distributed,
        Withdrawn => market::Withdrawn,
        Swept => market::Swept,
        MarketAdminProposed => admin::AdminProposed,
        MarketAdminChanged => admin::AdminChanged,
        MarketAdminRenounced => admin::AdminRenounced,
        MarketPauseChanged => admin::PauseChanged,
        MarketActionScheduled => admin::ActionScheduled,
        MarketActionCancelled => admin::ActionCancelled,
        MarketCodeUpgraded => admin::CodeUpgraded,
        MarketRewired => admin::Rewired,
        MarketLayoutMigrated => admin::LayoutMigrated,
    }
    Gateway {
        InferenceRequested => gateway::InferenceRequested,
        FeeSet => gateway::FeeSet,
        GatewayAdminProposed => admin::AdminProposed,
        GatewayAdminChanged => admin::AdminChanged,
        GatewayAdminRenounced => admin::AdminRenounced,
        GatewayPauseChanged => admin::PauseChanged,
        GatewayActionScheduled => admin::ActionScheduled,
        GatewayActionCancelled => admin::ActionCancelled,
        GatewayCodeUpgraded => admin::CodeUpgraded,
        GatewayRewired => admin::Rewired,
        GatewayLayoutMigrated => admin::LayoutMigrated,
    }
}

impl Event {
    /// Whether it is an administrative action (the `admin_actions` table).
    pub fn is_admin(&self) -> bool {
        let name = self.name();
        ["Admin", "Pause", "Action", "CodeUpgraded", "Rewired", "LayoutMigrated", "Swept", "FeeSet"]
            .iter()
            .any(|part| name.contains(part))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::primitives::AccountId;
    use ink::scale::Encode;
    use modelmint_common::{AssetKind, ParentLink, Relation};

    fn topics_of<T: InkEvent>() -> Vec<[u8; 32]> {
        vec![T::SIGNATURE_TOPIC.expect("ModelMint events are not anonymous")]
    }

    #[test]
    fn a_registration_decodes_as_the_registry_type() {
        let registered = registry::ModelRegistered {
            model: 7,
            hash: [3; 32],
            kind: AssetKind::Model,
            owner: AccountId::from([1; 32]),
            name: "tiny".into(),
            version: "v1".into(),
            uri: "ipfs://card".into(),
            previous_version: None,
            parents: vec![ParentLink { model: 2, relation: Relation::TrainedOn, royalty_bps: 500 }],
        };
        let topics = topics_of::<registry::ModelRegistered>();
        let event = decode(Source::Registry, &topics, &registered.encode()).unwrap();
        assert_eq!(event, Event::ModelRegistered(registered));
        assert_eq!(event.name(), "ModelRegistered");
        assert!(!event.is_admin());
    }

    #[test]
    fn the_same_admin_event_is_named_after_its_contract() {
        let paused = admin::PauseChanged { paused: true };
        let topics = topics_of::<admin::PauseChanged>();
        let from_market = decode(Source::Market, &topics, &paused.encode()).unwrap();
        assert_eq!(from_market.name(), "MarketPauseChanged");
        assert!(from_market.is_admin());
        let from_registry = decode(Source::Registry, &topics, &paused.encode()).unwrap();
        assert_eq!(
            from_registry,
            Event::RegistryPauseChanged(admin::PauseChanged { paused: true })
        );
    }

    #[test]
    fn a_sale_decodes_with_its_upstream_cuts() {
        let sold = market::LicenseSold {
            model: 4,
            license: 9,
            offer: 2,
            holder: AccountId::from([5; 32]),
            price: 5_000_000_000_000,
            expires_at: Some(1_700_000_000_000),
            upstream: vec![modelmint_market_core::UpstreamCut { ancestor: 1, amount: 250 }],
        };
        let event =
            decode(Source::Market, &topics_of::<market::LicenseSold>(), &sold.encode()).unwrap();
        assert_eq!(event, Event::LicenseSold(sold));
    }

    #[test]
    fn an_event_of_another_contract_or_truncated_data_is_refused_with_a_sentence() {
        let sold_topics = topics_of::<market::Withdrawn>();
        let withdrawn = market::Withdrawn { account: AccountId::from([5; 32]), amount: 3 };
        let error = decode(Source::Registry, &sold_topics, &withdrawn.encode()).unwrap_err();
        assert!(
            error.to_string().starts_with("the registry emitted an event with signature topic 0x"),
            "{error}"
        );
        let bytes = withdrawn.encode();
        let error = decode(Source::Market, &sold_topics, &bytes[..bytes.len() - 1]).unwrap_err();
        assert!(error.to_string().contains("Withdrawn event does not decode"), "{error}");
        let mut longer = bytes.clone();
        longer.push(0);
        let error = decode(Source::Market, &sold_topics, &longer).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the market's Withdrawn event has 1 bytes more than its type"
        );
        let error = decode(Source::Market, &[], &bytes).unwrap_err();
        assert!(error.to_string().contains("anonymous"), "{error}");
    }
}
