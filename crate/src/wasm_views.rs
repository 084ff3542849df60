//! WebAssembly bindings of the view models ([`crate::views`]): each method converts its
//! arguments, calls the view, and returns its JSON as a string (or its bytes); an error
//! becomes a `JsError` whose message is the view's one-line text ([`js_error`], the one
//! place a view's error becomes a string).

use crate::views::{self, ViewError};
use crate::wasm::Layerlab;
use wasm_bindgen::prelude::*;

fn js_error(e: ViewError) -> JsError {
    JsError::new(&e.to_string())
}

fn js(result: views::ViewResult) -> Result<String, JsError> {
    result.map(|v| v.to_string()).map_err(js_error)
}

/// A layer count from JavaScript: negative (or NaN) means every layer.
fn up_to(n: f64) -> Option<usize> {
    (n >= 0.0).then_some(n as usize)
}

/// A layer index from JavaScript; a negative one (or NaN) is no layer.
fn index(n: f64) -> Result<usize, JsError> {
    if n >= 0.0 {
        Ok(n as usize)
    } else {
        Err(JsError::new(&format!("Error: no layer {n}")))
    }
}

#[wasm_bindgen]
impl Layerlab {
    /// `docker images`, one row per image.
    pub fn images_json(&self) -> String {
        views::images(&self.session).to_string()
    }

    /// `docker ps -a`.
    pub fn containers_json(&self) -> String {
        views::containers(&self.session).to_string()
    }

    /// An image's layers, history and dive numbers.
    pub fn image_json(&self, image: &str) -> Result<String, JsError> {
        js(views::image_overview(&self.session, image))
    }

    /// What layer `index` added, modified and deleted.
    pub fn layer_changes_json(&self, image: &str, index: f64) -> Result<String, JsError> {
        let i = self::index(index)?;
        js(views::layer_changes(&self.session, image, i))
    }

    /// The children of `dir` in the merged view of layers `0..=up_to` (negative: all).
    pub fn tree_json(&self, image: &str, up_to: f64, dir: &str) -> Result<String, JsError> {
        js(views::tree(&self.session, image, self::up_to(up_to), dir))
    }

    /// Paths whose name contains `pattern`, at most `limit`.
    pub fn find_json(
        &self,
        image: &str,
        up_to: f64,
        pattern: &str,
        limit: f64,
    ) -> Result<String, JsError> {
        let limit = if limit >= 0.0 { limit as usize } else { 0 };
        js(views::find(
            &self.session,
            image,
            self::up_to(up_to),
            pattern,
            limit,
        ))
    }

    /// The bytes of a file in the merged view of layers `0..=up_to` (negative: all).
    pub fn read_file(&self, image: &str, up_to: f64, path: &str) -> Result<Vec<u8>, JsError> {
        views::read_file(&self.session, image, self::up_to(up_to), path)
            .map(|f| f.data.to_vec())
            .map_err(js_error)
    }

    /// `{path, resolved, size, layer, binary}` of the file `read_file` gives.
    pub fn read_file_json(&self, image: &str, up_to: f64, path: &str) -> Result<String, JsError> {
        js(views::read_file_info(
            &self.session,
            image,
            self::up_to(up_to),
            path,
        ))
    }

    /// Layer `index`'s uncompressed tar.
    pub fn layer_tar(&self, image: &str, index: f64) -> Result<Vec<u8>, JsError> {
        let i = self::index(index)?;
        views::layer_tar(&self.session, image, i)
            .map(|b| b.to_vec())
            .map_err(js_error)
    }

    /// A container's copy-on-write changes.
    pub fn cow_json(&self, container: &str) -> Result<String, JsError> {
        js(views::cow(&self.session, container))
    }

    /// Which layer answers a read of `path` in the container.
    pub fn cow_lookup_json(&self, container: &str, path: &str) -> Result<String, JsError> {
        js(views::cow_lookup(&self.session, container, path))
    }
}
