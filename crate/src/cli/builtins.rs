//! The host commands of the terminal: `ls`, `cat`, `rm`, `echo`, `help`, `history`...
//! They act on host files (what the user uploaded and what commands wrote).

use super::{textutils, Ctx, Exec};
use crate::sh::applets::{self, Flavour};

/// The commands `run` knows, for completion (a test checks each one is dispatched).
pub const NAMES: &[&str] = &[
    "basename",
    "cat",
    "clear",
    "cp",
    "dirname",
    "dive",
    "echo",
    "false",
    "find",
    "grep",
    "gunzip",
    "gzip",
    "head",
    "help",
    "history",
    "ls",
    "mkdir",
    "mv",
    "printf",
    "rm",
    "seq",
    "sha256sum",
    "sort",
    "tail",
    "touch",
    "tr",
    "true",
    "uniq",
    "wc",
];

pub fn run(cx: &mut Ctx, name: &str, args: &[String]) -> Exec {
    let code = match name {
        "dive" => return crate::cli::docker::dive::run(cx, args),
        "ls" => applet(cx, applets::ls::ls, args),
        "cat" => applet(cx, applets::cat::cat, args),
        "rm" => applet(cx, applets::rm::rm, args),
        "echo" => applet(cx, applets::echo::echo, args),
        "printf" => applet(cx, applets::printf::printf, args),
        "seq" => applet(cx, applets::seq::seq, args),
        "tr" => applet(cx, applets::tr::tr, args),
        "uniq" => applet(cx, applets::uniq::uniq, args),
        "basename" => applet(cx, applets::path::basename, args),
        "dirname" => applet(cx, applets::path::dirname, args),
        "grep" => applet(cx, applets::grep::grep, args),
        "find" => applet(cx, applets::find::find, args),
        "head" => applet(cx, applets::head::head, args),
        "tail" => applet(cx, applets::tail::tail, args),
        "wc" => applet(cx, applets::wc::wc, args),
        "sort" => applet(cx, applets::sort::sort, args),
        "gzip" | "gunzip" => textutils::gzip(cx, name, args),
        "sha256sum" => return textutils::sha256sum(cx, args),
        "cp" => applet(cx, applets::cp::cp, args),
        "mv" => applet(cx, applets::cp::mv, args),
        "mkdir" => applet(cx, applets::mkdir::mkdir, args),
        "touch" => applet(cx, applets::mkdir::touch, args),
        "true" => 0,
        "false" => 1,
        "clear" => {
            cx.io.out("\x1b[H\x1b[2J");
            0
        }
        "history" => {
            for (i, l) in cx.history.iter().enumerate() {
                cx.io.out(&format!("{:>5}  {l}\n", i + 1));
            }
            0
        }
        "help" => {
            cx.io.out(match cx.lang {
                super::Lang::En => HELP,
                super::Lang::Zh => HELP_ZH,
            });
            0
        }
        _ => {
            cx.io
                .err(&crate::sh::interp::Dialect::Host.not_found("sh", name));
            127
        }
    };
    Exec::Done(code)
}

/// `help`, in 80 columns as a terminal shows it.
const HELP: &str = "\
layerlab: a Docker image store that runs in your browser.

Images (each also as `docker image ...`; every command takes --help):
  docker pull NAME[:TAG]         Download an image from an in-page registry
  docker push NAME[:TAG]         Upload an image to an in-page registry
  docker images [-a] [-q]        List images (--digests --filter --format...)
  docker history IMAGE           The layers and history of an image
  docker inspect NAME...         Low-level information (-f for Go templates)
  docker tag SOURCE TARGET       Give an image another name
  docker rmi IMAGE...            Remove images
  docker image prune [-a] [-f]   Remove dangling (or all unused) images
  docker save [-o FILE] IMAGE... Save images to a tar archive (or > FILE)
  docker load [-i FILE]          Load images from a tar archive (or < FILE)
  docker import FILE|- [REPO]    Make an image from a flat tar
  docker build [-t NAME] DIR|-   Build an image from a Dockerfile
  docker system df [-v]          Space used, and what sharing saves

Containers (each also as `docker container ...`):
  docker run [-it] [-d] IMAGE [CMD...]   Create a container and run its command
  docker exec [-it] CONTAINER CMD...     Run a command (or a shell) inside it
  docker attach CONTAINER                Attach to its main process
  docker ps [-a] [-q] [-s]               List containers
  docker logs [-f] [-n N] CONTAINER      What its main process wrote
  docker create, start, restart, stop, rm, rename, pause, unpause, kill
  docker diff, commit, export, cp        Its changes, as a layer, a tar, files
  docker wait, top, stats, port          Exit codes, processes, resources, ports
  docker volume create|ls|inspect|rm|prune    Volumes (-v NAME:/path on run)
  docker network ls|create|inspect|rm         Networks
  docker version, docker info                 The engine: Docker 29 or Docker 28
  In a container's shell: exit or Ctrl-D returns here; Ctrl-C stops what runs.

Layer analysis:
  dive IMAGE [--json [FILE]] [--ci]      Efficiency and wasted space, as dive

Host files (what you uploaded and what commands wrote):
  ls [-l] [-h] [FILE...]    cat, rm, cp, mv    find, grep, head, tail, wc,
  sort, uniq, tr, gzip, gunzip, sha256sum, echo, printf, seq, basename,
  dirname, history, clear, help, true, false

The command line understands quotes, ;, &&, ||, |, <, >, >>, 2>, 2>&1, $VAR,
VAR=value, $?, $(command), ~ and globs (*.tar). Docker's data root is
browsable, read-only: ls /var/lib/docker (and /var/lib/containerd in
Docker 29), cat, find under them.
The demo images on docker.io are made by layerlab, not the real images.
Programs from images never run (nothing native runs in a browser): the
built-in shell runs sh, ls, cat, echo, mkdir, rm, cp and friends inside
containers. Tab completes commands, flags, images, containers and files.
";

/// `help` in Chinese, for a page that teaches in Chinese.
const HELP_ZH: &str = "\
layerlab：在浏览器里运行的 Docker 镜像存储。

镜像（都可写成 `docker image ...`；每条命令都有 --help）：
  docker pull NAME[:TAG]         从页面内的镜像仓库下载镜像
  docker push NAME[:TAG]         上传镜像到页面内的镜像仓库
  docker images [-a] [-q]        列出镜像（--digests --no-trunc --filter --format）
  docker history IMAGE           镜像的层和历史
  docker inspect NAME...         底层信息（-f 使用 Go 模板）
  docker tag SOURCE TARGET       给镜像另起一个名字
  docker rmi IMAGE...            删除镜像
  docker image prune [-a] [-f]   删除悬空（或所有未使用的）镜像
  docker save [-o FILE] IMAGE... 把镜像存成 tar 归档（或 > FILE）
  docker load [-i FILE]          从 tar 归档载入镜像（或 < FILE）
  docker import FILE|- [REPO]    从扁平的 tar 生成镜像
  docker build [-t NAME] DIR|-   按 Dockerfile 构建镜像
  docker system df [-v]          占用的空间，以及共享省下的空间

容器（都可写成 `docker container ...`）：
  docker run [-it] [-d] IMAGE [CMD...]   创建容器并运行它的命令
  docker exec [-it] CONTAINER CMD...     在容器里运行命令（或 shell）
  docker attach CONTAINER                连接到容器的主进程
  docker ps [-a] [-q] [-s]               列出容器
  docker logs [-f] [-n N] CONTAINER      主进程的输出
  docker create, start, restart, stop, rm, rename, pause, unpause, kill
  docker diff, commit, export, cp        容器的改动：作为层、tar 或文件
  docker wait, top, stats, port          退出码、进程、资源、端口
  docker volume create|ls|inspect|rm|prune    数据卷（run 时用 -v NAME:/path）
  docker network ls|create|inspect|rm         网络
  docker version, docker info                 引擎信息：Docker 29 或 Docker 28
  在容器的 shell 里：exit 或 Ctrl-D 回到这里；Ctrl-C 中断正在运行的命令。

层分析：
  dive IMAGE [--json [FILE]] [--ci]      效率和浪费的空间，和 dive 一样

主机文件（你上传的和命令写出的文件）：
  ls [-l] [-h] [FILE...]    cat, rm, cp, mv    find, grep, head, tail, wc,
  sort, uniq, tr, gzip, gunzip, sha256sum, echo, printf, seq, basename,
  dirname, history, clear, help, true, false

命令行支持引号、;、&&、||、|、<、>、>>、2>、2>&1、$VAR、VAR=value、$?、
$(command)、~ 和通配符（*.tar）。Docker 的数据目录可以只读浏览：
ls /var/lib/docker（Docker 29 还有 /var/lib/containerd），以及其下的
cat、find。
docker.io 上的演示镜像由 layerlab 生成，不是真实的镜像。
镜像里的程序不会被执行（浏览器里不运行本地程序）：内置 shell 在容器里
运行 sh、ls、cat、echo、mkdir、rm、cp 等命令。Tab 可补全命令、选项、
镜像、容器和文件。
";

/// Runs a shared applet over the host files, with GNU's messages.
fn applet(cx: &mut Ctx, f: fn(&[String], &mut applets::Ctx) -> i32, args: &[String]) -> i32 {
    let stdin = cx.io.stdin.take().unwrap_or_default();
    let stdin_is_file = cx.io.stdin_is_file;
    let now = u64::try_from(cx.now.unix_seconds()).unwrap_or(0);
    let mut fs = super::hostview::HostView::new(
        &mut *cx.host,
        &*cx.store,
        &*cx.containers,
        &mut *cx.snapshots,
        cx.now,
        cx.engine,
    );
    let mut acx = applets::Ctx {
        stdin,
        stdin_is_file,
        io: &mut *cx.io,
        fs: &mut fs,
        flavour: Flavour::Gnu,
        tty: false,
        now,
    };
    f(args, &mut acx)
}
