//! Running a message in a library's code, on the calling contract's storage.
//!
//! pallet-contracts charges every call the whole Wasm of each contract it
//! enters, about one byte of proof per byte of code. A contract whose hot
//! path must stay cheap (the market's purchase) keeps only that path in its
//! own code and *forwards* every other message to a library: code uploaded
//! on chain, never instantiated, that the contract delegate-calls
//! ([`forward`]). The library answers the same messages under the same
//! selectors and runs them on the contract's own storage, balance and
//! address, for the original caller.
//!
//! A forwarded message costs its caller the library's code and one more
//! call frame, paid only by the messages that need them. The library's code
//! hash is fixed when the contract is instantiated and locked
//! ([`lock`]): nobody can remove the code from the chain while the contract
//! depends on it, and changing it means upgrading the contract, through its
//! timelock.

use ink::env::call::{build_call, ExecutionInput, Selector};
use ink::env::{CallFlags, DefaultEnvironment, ReturnFlags};
use ink::prelude::vec::Vec;
use ink::primitives::Hash;

/// The output of the library's message, as raw bytes: the market passes it on
/// untouched, without decoding or encoding the message's return type.
struct RawOutput(Vec<u8>);

impl ink::scale::Decode for RawOutput {
    fn decode<I: ink::scale::Input>(input: &mut I) -> Result<Self, ink::scale::Error> {
        let length = input.remaining_len()?.unwrap_or(0);
        let mut bytes = ink::prelude::vec![0; length];
        input.read(&mut bytes)?;
        Ok(Self(bytes))
    }
}

/// Bytes encoded as they are, without a length prefix.
struct Verbatim<'a>(&'a [u8]);

impl ink::scale::Encode for Verbatim<'_> {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(self.0);
    }
}

/// Runs the current message in `library`'s code, on this contract's storage,
/// with the input this contract was called with (selector and arguments,
/// cloned through), and ends the call with the library's output. The caller's
/// own message body never continues: its root cell is not written back over
/// what the library wrote.
///
/// `fallible` says whether the message returns a `Result`: the call is then
/// reverted, as ink! reverts it, when the library returned `Err` (and every
/// change the library made is undone with it). A library that traps, or does
/// not answer the selector, traps the call.
pub fn forward(library: Hash, fallible: bool) -> ! {
    let output = build_call::<DefaultEnvironment>()
        .delegate(library)
        .call_flags(CallFlags::CLONE_INPUT)
        // Ignored: CLONE_INPUT passes this call's own input on.
        .exec_input(ExecutionInput::new(Selector::new([0; 4])))
        .returns::<RawOutput>()
        .try_invoke();
    match output {
        Ok(Ok(RawOutput(bytes))) => {
            // ink! encodes a message's output as `Ok(value)` of its
            // `MessageResult`; a `Result` value starts with 1 when it is `Err`.
            let flags = if fallible && bytes.first() == Some(&1) {
                ReturnFlags::REVERT
            } else {
                ReturnFlags::empty()
            };
            ink::env::return_value(flags, &(0u8, Verbatim(&bytes)))
        }
        _ => panic!("the library did not answer"),
    }
}

/// Locks `library`'s code on chain for as long as this contract depends on
/// it (pallet-contracts refuses to remove code with a lock on it).
pub fn lock(library: &Hash) {
    ink::env::lock_delegate_dependency::<DefaultEnvironment>(library);
}
