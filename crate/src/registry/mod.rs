//! Registries that live in the page: `docker.io` with the demo images, and one more for
//! every other host a user pushes to. Manifests and blobs are real OCI content.

/// Every registry of the session, by host.
#[derive(Default)]
pub struct Registries {}

impl Registries {
    pub fn new() -> Registries {
        Registries::default()
    }
}
