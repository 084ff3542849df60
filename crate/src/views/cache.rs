//! An image's files as the views read them: its indexed layers, merged views of any number
//! of them, each layer's changes and dive's analysis, all from the session's snapshot
//! service ([`crate::fs::Snapshots`]), so that expanding one directory after another does
//! not decompress and index every layer each time.

use super::ViewError;
use crate::cli::Session;
use crate::fs::diff::Change;
use crate::fs::efficiency::Analysis;
use crate::fs::{LayerIndex, Snapshots, Union};
use crate::image::Image;
use crate::store::Store;
use std::cell::RefMut;
use std::sync::Arc;

/// One image's layers, and the session's snapshots to derive the rest from.
pub(crate) struct ImageFs<'s> {
    pub layers: Vec<Arc<LayerIndex>>,
    store: &'s Store,
    image: &'s Image,
    snapshots: RefMut<'s, Snapshots>,
}

impl ImageFs<'_> {
    /// The merged view of layers `0..count` (all of them when `count` is larger).
    pub fn union(&mut self, count: usize) -> Result<Arc<Union>, ViewError> {
        self.snapshots
            .image_union(self.store, self.image, count)
            .map_err(ViewError::Image)
    }

    /// What each layer changed (fs::diff), bottom first.
    pub fn changes(&mut self) -> Result<Arc<Vec<Vec<Change>>>, ViewError> {
        self.snapshots
            .changes(self.store, self.image)
            .map_err(ViewError::Image)
    }

    /// dive's analysis of the image.
    pub fn analysis(&mut self) -> Result<Arc<Analysis>, ViewError> {
        self.snapshots
            .analysis(self.store, self.image)
            .map_err(ViewError::Image)
    }
}

/// The layers of a stored image, indexed (from the session's snapshots when they were).
pub(crate) fn image_fs<'s>(session: &'s Session, img: &'s Image) -> Result<ImageFs<'s>, ViewError> {
    let store = session.store();
    let mut snapshots = session.snapshots();
    let layers = snapshots
        .image_layers(store, img)
        .map_err(ViewError::Image)?;
    Ok(ImageFs {
        layers,
        store,
        image: img,
        snapshots,
    })
}
