//! Roots that later versions can extend.
//!
//! ink! 5 decodes a contract's root storage cell before it dispatches any
//! message, and refuses a cell it does not consume to the last byte. So a
//! version 2 that appends one plain field to the root could not read version
//! 1's cell (too short), and version 1's code, still running as the market's
//! desk after an upgrade of the market's own code, could not read version 2's
//! (too long): every message would trap, the upgrade message included.
//!
//! Two types make the root extensible, without a migration:
//! - every root ends with a [`RootTail`]: the bytes later versions appended,
//!   kept verbatim when this version writes the root back (empty in a root
//!   this version wrote);
//! - a later version declares each field it adds, before its own tail, as an
//!   [`Extension`]: where the cell ends before it (a root an earlier version
//!   wrote), it reads as its default.
//!
//! So version 2's root is `{ ...version 1's fields, added: Extension<T>, tail:
//! RootTail }`: version 2 reads version 1's cell (`added` is the default),
//! and version 1 reads version 2's (`added` is in its tail, and stays there).
//! Fields are only ever appended, never reordered or removed.

use ink::prelude::vec::Vec;
use ink::scale::{Decode, Encode, Error, Input, Output};

/// The end of a contract's root cell: whatever later versions appended,
/// kept verbatim. It has no length prefix: it runs to the end of the cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RootTail(Vec<u8>);

impl RootTail {
    /// The bytes later versions appended (empty in a root this code wrote).
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Encode for RootTail {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&self.0);
    }
}

impl Decode for RootTail {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        // ink! decodes a root from the whole cell, whose length it knows.
        let length =
            input.remaining_len()?.ok_or("a root's tail needs an input of known length")?;
        let mut bytes = ink::prelude::vec![0; length];
        input.read(&mut bytes)?;
        Ok(Self(bytes))
    }
}

// What this version writes: nothing. A later version's fields are described
// by that version's metadata. (Type information exists in metadata builds.)
#[cfg(feature = "std")]
impl ink::scale_info::TypeInfo for RootTail {
    type Identity = Self;

    fn type_info() -> ink::scale_info::Type {
        ink::scale_info::Type::builder()
            .path(ink::scale_info::Path::new("RootTail", module_path!()))
            .docs(&["The bytes later versions appended to the root; none in this version."])
            .composite(ink::scale_info::build::Fields::unit())
    }
}

#[cfg(feature = "std")]
impl ink::storage::traits::StorageLayout for RootTail {
    fn layout(key: &ink::primitives::Key) -> ink::metadata::layout::Layout {
        use ink::metadata::layout::{Layout, LayoutKey, LeafLayout};
        Layout::Leaf(LeafLayout::from_key::<Self>(LayoutKey::from(key)))
    }
}

/// A root field added by a later version: it reads as `T::default()` where
/// the cell ends before it (a root an earlier version wrote), and is stored
/// as a plain `T`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extension<T>(pub T);

impl<T: Encode> Encode for Extension<T> {
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }

    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        self.0.encode_to(dest);
    }
}

impl<T: Decode + Default> Decode for Extension<T> {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        match input.remaining_len()? {
            Some(0) => Ok(Self(T::default())),
            _ => T::decode(input).map(Self),
        }
    }
}

#[cfg(feature = "std")]
impl<T: ink::scale_info::TypeInfo + 'static> ink::scale_info::TypeInfo for Extension<T> {
    type Identity = T;

    fn type_info() -> ink::scale_info::Type {
        T::type_info()
    }
}

#[cfg(feature = "std")]
impl<T: ink::scale_info::TypeInfo + 'static> ink::storage::traits::StorageLayout for Extension<T> {
    fn layout(key: &ink::primitives::Key) -> ink::metadata::layout::Layout {
        use ink::metadata::layout::{Layout, LayoutKey, LeafLayout};
        Layout::Leaf(LeafLayout::from_key::<T>(LayoutKey::from(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Version 1's root, as a contract declares it.
    #[ink::scale_derive(Encode, Decode)]
    #[derive(Debug, PartialEq)]
    struct V1 {
        counter: u64,
        tail: RootTail,
    }

    /// Version 2's: one field appended.
    #[ink::scale_derive(Encode, Decode)]
    #[derive(Debug, PartialEq)]
    struct V2 {
        counter: u64,
        added: Extension<u32>,
        tail: RootTail,
    }

    fn decode_all<T: Decode>(bytes: &[u8]) -> Result<T, Error> {
        let mut input = bytes;
        let value = T::decode(&mut input)?;
        if input.is_empty() {
            Ok(value)
        } else {
            Err("bytes left".into())
        }
    }

    #[test]
    fn a_root_this_version_writes_has_an_empty_tail_and_costs_no_byte() {
        let v1 = V1 { counter: 7, tail: RootTail::default() };
        assert_eq!(v1.encode(), 7u64.encode());
        assert_eq!(decode_all::<V1>(&v1.encode()), Ok(v1));
    }

    #[test]
    fn version_two_reads_version_ones_root_with_the_added_field_at_its_default() {
        let v1 = V1 { counter: 7, tail: RootTail::default() };
        let read = decode_all::<V2>(&v1.encode()).expect("version 2 reads version 1's root");
        assert_eq!(read, V2 { counter: 7, added: Extension(0), tail: RootTail::default() });
    }

    #[test]
    fn version_one_reads_version_twos_root_and_writes_its_field_back_unchanged() {
        let v2 = V2 { counter: 7, added: Extension(42), tail: RootTail::default() };
        let mut read = decode_all::<V1>(&v2.encode()).expect("version 1 reads version 2's root");
        assert_eq!(read.tail.bytes(), 42u32.encode().as_slice());
        read.counter = 8;
        let written = read.encode();
        let again = decode_all::<V2>(&written).expect("version 2 reads it back");
        assert_eq!(again, V2 { counter: 8, added: Extension(42), tail: RootTail::default() });
    }

    #[test]
    fn a_truncated_added_field_is_refused_not_read_as_its_default() {
        let v1 = V1 { counter: 7, tail: RootTail::default() };
        let mut bytes = v1.encode();
        bytes.extend_from_slice(&[1, 2]); // half of a u32
        assert!(decode_all::<V2>(&bytes).is_err());
    }
}
