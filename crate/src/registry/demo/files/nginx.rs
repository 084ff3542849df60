//! The layers the nginx images add to their bases: the package, and the entrypoint with
//! its scripts.

use super::busybox::{apk_installed, ALPINE_GROUP, ALPINE_PASSWD, ALPINE_WORLD};
use super::debian::{dpkg_status, DebBase, DEB_GROUP, DEB_PASSWD};
use super::{noted, programs, stand_in, Tree};

/// The real `/etc/nginx/nginx.conf` of nginx 1.27.4 (nginx/pkg-oss tag 1.27.4-1,
/// debian/debian/nginx.conf; alpine/alpine/nginx.conf is the same).
const NGINX_CONF: &str = r#"
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"#;

/// The real `/etc/nginx/nginx.conf` of nginx 1.16.1 (nginx/pkg-oss tag 1.16.1-1,
/// debian/nginx.conf).
const NGINX_CONF_1_16: &str = r#"
user  nginx;
worker_processes  1;

error_log  /var/log/nginx/error.log warn;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"#;

/// The real `/etc/nginx/conf.d/default.conf` of nginx 1.27.4 (nginx/pkg-oss tag
/// 1.27.4-1, debian/debian/nginx.default.conf), as the image has it: the entrypoint adds the
/// IPv6 `listen` line only when a container starts.
const NGINX_DEFAULT_CONF: &str = r#"server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\.ht {
    #    deny  all;
    #}
}

"#;

/// The real `/etc/nginx/conf.d/default.conf` of nginx 1.16.1 (nginx/pkg-oss tag
/// 1.16.1-1, debian/nginx.vh.default.conf).
const NGINX_DEFAULT_CONF_1_16: &str = r#"server {
    listen       80;
    server_name  localhost;

    #charset koi8-r;
    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\.ht {
    #    deny  all;
    #}
}

"#;

/// The real `/usr/share/nginx/html/index.html` of nginx 1.27.4 (nginx/nginx tag
/// release-1.27.4, docs/html/index.html).
const NGINX_INDEX: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"#;

/// The real `index.html` of nginx 1.16.1 (nginx/nginx tag release-1.16.1).
const NGINX_INDEX_1_16: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"#;

/// The real `/usr/share/nginx/html/50x.html` of nginx 1.27.4 (nginx/nginx tag
/// release-1.27.4, docs/html/50x.html).
const NGINX_50X: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"#;

/// The real `50x.html` of nginx 1.16.1 (nginx/nginx tag release-1.16.1).
const NGINX_50X_1_16: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"#;

const NGINX_MIME_TYPES: &str = "types {\n    text/html                 html htm shtml;\n\
    text/css                  css;\n    text/plain                txt;\n\
    image/png                 png;\n    image/svg+xml             svg svgz;\n\
    application/javascript    js;\n    application/json          json;\n}\n";

/// Where the nginx package layer goes: Debian (dpkg) or Alpine (apk).
pub(in crate::registry::demo) enum NginxOn<'a> {
    Debian {
        base: &'a DebBase,
        version: &'a str,
        release: &'a str,
    },
    Alpine {
        version: &'a str,
    },
}

/// The layer that installs nginx: its files, the nginx user and group, the package
/// database with nginx added, and (for newer images) the log links and the empty
/// `/docker-entrypoint.d`.
pub(in crate::registry::demo) fn nginx_package(
    on: NginxOn,
    log_links: bool,
    entrypoint_dir: bool,
) -> Tree {
    let mut t = Tree::new();
    let version = match &on {
        NginxOn::Debian { version, .. } | NginxOn::Alpine { version } => *version,
    };
    let (conf, default_conf, index, error_page) = if version.starts_with("1.16.") {
        (
            NGINX_CONF_1_16,
            NGINX_DEFAULT_CONF_1_16,
            NGINX_INDEX_1_16,
            NGINX_50X_1_16,
        )
    } else {
        (NGINX_CONF, NGINX_DEFAULT_CONF, NGINX_INDEX, NGINX_50X)
    };
    t.file("etc/nginx/nginx.conf", conf)
        .file("etc/nginx/conf.d/default.conf", default_conf)
        .file("etc/nginx/mime.types", &noted(NGINX_MIME_TYPES))
        .symlink("etc/nginx/modules", "/usr/lib/nginx/modules")
        .dir("usr/lib/nginx/modules")
        .exec("usr/sbin/nginx", &stand_in(&format!("nginx {version}")))
        .exec(
            "usr/sbin/nginx-debug",
            &stand_in(&format!("nginx-debug {version}")),
        )
        .file("usr/share/nginx/html/index.html", index)
        .file("usr/share/nginx/html/50x.html", error_page)
        .dir("var/cache/nginx")
        .dir("var/log/nginx");
    if log_links {
        t.symlink("var/log/nginx/access.log", "/dev/stdout")
            .symlink("var/log/nginx/error.log", "/dev/stderr");
    }
    if entrypoint_dir {
        t.dir("docker-entrypoint.d");
    }
    // The Dockerfiles also install gettext's envsubst (for the templates); the newer ones
    // curl and njs too.
    programs(&mut t, "usr/bin", "envsubst");
    if log_links {
        programs(&mut t, "usr/bin", "curl njs");
    }
    match on {
        NginxOn::Debian {
            base,
            version,
            release,
        } => {
            let v = format!("{version}-{release}");
            let pkg = [(
                "nginx",
                v.as_str(),
                "httpd",
                "high performance web server (layerlab demo stand-in)",
            )];
            t.file(
                "etc/passwd",
                &format!("{DEB_PASSWD}nginx:x:101:101:nginx user:/nonexistent:/bin/false\n"),
            )
            .file("etc/group", &format!("{DEB_GROUP}nginx:x:101:\n"))
            .file("var/lib/dpkg/status", &dpkg_status(base.packages, &pkg));
        }
        NginxOn::Alpine { version } => {
            let v = format!("{version}-r1");
            let pkg = [(
                "nginx",
                v.as_str(),
                "HTTP and reverse proxy server (layerlab demo stand-in)",
                "https://nginx.org/",
                "BSD-2-Clause",
            )];
            t.file(
                "etc/passwd",
                &format!("{ALPINE_PASSWD}nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n"),
            )
            .file("etc/group", &format!("{ALPINE_GROUP}nginx:x:101:nginx\n"))
            .file("etc/apk/world", &format!("{ALPINE_WORLD}nginx\n"))
            .file("lib/apk/db/installed", &apk_installed(&pkg));
        }
    }
    t
}

/// The layer of nginx:1.16 that links the logs to the container's output.
pub(in crate::registry::demo) fn nginx_log_links() -> Tree {
    let mut t = Tree::new();
    t.symlink("var/log/nginx/access.log", "/dev/stdout")
        .symlink("var/log/nginx/error.log", "/dev/stderr");
    t
}

const ENTRYPOINT: &str = "#!/bin/sh\n\
# layerlab demo stand-in for /docker-entrypoint.sh of the nginx image.\n\
# Programs do not run in the browser. In the real image this script runs the\n\
# files in /docker-entrypoint.d/ in order, then starts the command it was given.\n\
set -e\n\
for f in /docker-entrypoint.d/*; do\n\
    case \"$f\" in\n\
        *.envsh) [ -x \"$f\" ] && . \"$f\" ;;\n\
        *.sh) [ -x \"$f\" ] && \"$f\" ;;\n\
    esac\n\
done\n\
exec \"$@\"\n";

// The sizes of the real scripts (nginxinc/docker-nginx, mainline/debian, as of nginx 1.27.4;
// the alpine variant copies the same files). Their text is not copied here: each stand-in is
// padded to the real size, so that `ls -l` and the layers' sizes match the real image.
/// The size of the real `/docker-entrypoint.sh`.
const ENTRYPOINT_SIZE: usize = 1620;

/// `text` followed by comment lines that make it `size` bytes long (unchanged when it is
/// already that long or longer).
fn padded(text: &str, size: usize) -> String {
    let mut s = text.to_string();
    let note =
        format!("# (The lines below pad this stand-in to the real script's {size} bytes.)\n");
    if s.len() + note.len() < size {
        s.push_str(&note);
    }
    while s.len() < size {
        let line = (size - s.len()).min(72);
        if line == 1 {
            s.push('\n');
        } else {
            s.push('#');
            s.push_str(&"-".repeat(line - 2));
            s.push('\n');
        }
    }
    s
}

/// The scripts of `/docker-entrypoint.d`, one layer each: (name, what it does, the real
/// script's size).
pub(in crate::registry::demo) const ENTRYPOINT_SCRIPTS: &[(&str, &str, usize)] = &[
    (
        "10-listen-on-ipv6-by-default.sh",
        "makes the default server also listen on IPv6",
        2125,
    ),
    (
        "15-local-resolvers.envsh",
        "exports the resolvers of /etc/resolv.conf for templates",
        389,
    ),
    (
        "20-envsubst-on-templates.sh",
        "fills /etc/nginx/templates/*.template with environment variables",
        3018,
    ),
    (
        "30-tune-worker-processes.sh",
        "sets worker_processes from the CPUs the container may use",
        4619,
    ),
];

pub(in crate::registry::demo) fn entrypoint() -> Tree {
    let mut t = Tree::new();
    t.exec("docker-entrypoint.sh", &padded(ENTRYPOINT, ENTRYPOINT_SIZE));
    t
}

pub(in crate::registry::demo) fn entrypoint_script(name: &str, what: &str, size: usize) -> Tree {
    let mut t = Tree::new();
    let text = format!(
        "#!/bin/sh\n# layerlab demo stand-in for /docker-entrypoint.d/{name}.\n\
         # Programs do not run in the browser. The real script {what}.\nexit 0\n"
    );
    t.exec(&format!("docker-entrypoint.d/{name}"), &padded(&text, size));
    t
}
