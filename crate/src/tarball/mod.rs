//! Tar streams as Docker reads them: an index of an in-memory tar ([`index`]), Go's reading
//! of header fields and of a tar's end ([`header`]), the rules
//! moby's extraction applies to every tar ([`rules`]) and the size Docker reports for a
//! layer tar ([`DiffSize`]). Knows nothing of images or stores.

mod diffsize;
pub mod header;
pub mod index;
pub mod rules;

pub use diffsize::DiffSize;
