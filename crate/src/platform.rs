//! Platforms as containerd writes and compares them: `linux/arm64/v8` (`platforms.Format`),
//! and the variants that name the same machine (`platforms.Normalize`).

/// The platform a pull takes by default and the daemon prefers among an image's
/// platforms: the simulated host's, without the CPU's `amd64` level.
pub const DEFAULT: &str = "linux/amd64";

/// `os/architecture`, then `/variant` when there is one.
pub fn format(os: &str, architecture: &str, variant: &str) -> String {
    if variant.is_empty() {
        format!("{os}/{architecture}")
    } else {
        format!("{os}/{architecture}/{variant}")
    }
}

/// The variant containerd's matcher compares: `arm64/v8` is `arm64`, `amd64/v1` is `amd64`,
/// `arm` is `arm/v7`.
pub fn normalized_variant<'a>(architecture: &str, variant: &'a str) -> &'a str {
    match (architecture, variant) {
        ("arm64", "v8") | ("amd64", "v1") => "",
        ("arm", "") => "v7",
        (_, v) => v,
    }
}

/// `os/architecture[/variant]` with its variant normalised.
pub fn normalize(platform: &str) -> String {
    let mut parts = platform.splitn(3, '/');
    let (os, arch, variant) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    format(os, arch, normalized_variant(arch, variant))
}

/// Whether an image of platform `actual` is what `wanted` asks for, both normalised as
/// containerd's matcher does (`arm64/v8` is `arm64`, `arm` is `arm/v7`); a variant asked
/// for and not recorded still matches.
pub fn matches(wanted: &str, actual: &str) -> bool {
    let (wanted, actual) = (normalize(wanted), normalize(actual));
    wanted == actual || wanted.starts_with(&format!("{actual}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_that_name_the_same_machine_normalise_alike() {
        assert_eq!(normalize("linux/arm64/v8"), "linux/arm64");
        assert_eq!(normalize("linux/arm"), "linux/arm/v7");
        assert_eq!(normalize("linux/amd64/v1"), "linux/amd64");
        assert_eq!(normalize("linux/amd64/v3"), "linux/amd64/v3");
        assert_eq!(format("linux", "s390x", ""), "linux/s390x");
    }
}
