//! What pallet-contracts 38 (the version substrate-contracts-node 0.42.0 pins)
//! charges a contract call, as its weights and host functions do: the figures
//! BENCHMARKS.md uses to say where a message's proof and time go. Each is the
//! pallet's own (paths inside `pallet-contracts-38.0.0`); a cost model built
//! from them reproduced the measured proof of the earlier `buy` and of the
//! floors to the byte.

/// Proof of one storage read (`get`, `contains`; a `Lazy` read costs the same
/// as a `Mapping` read), plus the value's length: a fixed worst case
/// (`get_storage_full` minus `get_storage_empty` in `weights.rs`, with
/// `seal_get_storage`'s base), whatever the real trie.
pub const READ_PROOF: u64 = 10_258;
/// Proof of one storage write, clear or take, plus the *old* value's length
/// (`SetStorage` in `wasm/runtime.rs`).
pub const WRITE_PROOF: u64 = 10_259;
/// Proof of an event without topics (`DepositEvent`).
pub const EVENT_PROOF: u64 = 990;
/// Proof of each event topic: a read and a write of `System::EventTopics`.
pub const TOPIC_PROOF: u64 = 2_475;
/// Proof of a nested call's base: the callee's contract info, code info and
/// account (`CallBase`), besides the callee's code.
pub const CALL_PROOF: u64 = 4_085;
/// Proof of a delegate call's base (`DelegateCallBase`), besides the
/// library's code.
pub const DELEGATE_PROOF: u64 = 3_895;

/// ref_time of one storage read (plus 603 per byte read).
pub const READ_TIME: u64 = 63_378_236;
/// ref_time of one storage write (plus 255 per byte written).
pub const WRITE_TIME: u64 = 168_057_233;
/// ref_time of each event topic (plus about 4e6 per event and 60,012 per byte).
pub const TOPIC_TIME: u64 = 127_011_090;
/// ref_time of loading one byte of a frame's code (`CodeLoadToken`); wasmi
/// then compiles each function the call enters, lazily, at about 8,400 per
/// byte of its body.
pub const CODE_LOAD_TIME_PER_BYTE: u64 = 700;

/// The storage accesses a message makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accesses {
    pub reads: u64,
    pub writes: u64,
}

impl Accesses {
    /// How many there are.
    pub fn count(self) -> u64 {
        self.reads.saturating_add(self.writes)
    }

    /// Their fixed proof, without the values' lengths.
    pub fn proof(self) -> u64 {
        self.reads
            .saturating_mul(READ_PROOF)
            .saturating_add(self.writes.saturating_mul(WRITE_PROOF))
    }

    /// Their fixed ref_time, without the per-byte part.
    pub fn ref_time(self) -> u64 {
        self.reads.saturating_mul(READ_TIME).saturating_add(self.writes.saturating_mul(WRITE_TIME))
    }
}

/// The proof of an event with `topics` topics (the signature topic counts).
pub fn event_proof(topics: u64) -> u64 {
    EVENT_PROOF.saturating_add(topics.saturating_mul(TOPIC_PROOF))
}

/// What a market purchase of an original model touches, besides its code:
/// the root cell read and written (ink!'s dispatcher), the model's record
/// read and written, the buyer's list on the model read and written, the new
/// license written. Counted by market-core's unit test
/// `a_purchase_and_a_renewal_touch_storage_the_least_their_rules_need`.
pub const BUY_ACCESSES: Accesses = Accesses { reads: 3, writes: 4 };
/// A renewal also reads the license (and writes it back instead of a new one).
pub const RENEW_ACCESSES: Accesses = Accesses { reads: 4, writes: 4 };
/// Each ancestor a model owes a share adds its record, read and written.
pub const PER_ANCESTOR: Accesses = Accesses { reads: 1, writes: 1 };
/// The topics of `LicenseSold` and `LicenseRenewed`: their signature and the
/// model.
pub const SALE_TOPICS: u64 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purchase_pays_seven_accesses_and_two_topics() {
        assert_eq!(BUY_ACCESSES.count(), 7);
        assert_eq!(BUY_ACCESSES.proof(), 71_810);
        assert_eq!(event_proof(SALE_TOPICS), 5_940);
        assert_eq!(BUY_ACCESSES.ref_time(), 862_363_640);
    }
}
