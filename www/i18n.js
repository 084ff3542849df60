// The page's own words in English and Chinese. The language follows the browser unless the
// user picks one (kept in localStorage). Docker's output is never translated.
const STRINGS = {
  en: {
    tagline: 'Docker images, simulated in your browser',
    loading: 'loading the core…', ready: 'ready', restoring: 'restoring your session…',
    tabLesson: 'Lesson', tabImages: 'Images', tabContainers: 'Containers', tabFiles: 'Files',
    tabExplorer: 'Explorer', tabCow: 'Copy-on-write',
    upload: 'Open files', dropHint: 'Drop docker save archives or other files anywhere. They stay in your browser.',
    cancel: 'Cancel', reset: 'Reset', resetConfirm: 'Forget every image, container and file of this session?',
    storageUsed: (used, quota) => `Browser storage: ${used} of ${quota}`,
    notPersistent: 'This browser keeps nothing across reloads (no private file system).',
    restored: (n) => `Restored ${n} saved step${n === 1 ? '' : 's'} of your session.`,
    notOwner: 'Another tab has this session open: this tab runs in memory only and is not saved.',
    takeOver: 'Take over',
    handedOver: 'Another tab took this session over: what you do here is no longer saved.',
    storageFull: 'Browser storage is full: your session keeps working, but it is no longer saved.',
    resetElsewhere: 'The saved session was reset in another tab.',
    notSaved: 'Not saved',
    lastExit: (code) => `last exit status ${code}`,
    speed: (done, total, rate) => `${done} of ${total}${rate ? ` · ${rate}/s` : ''}`,
    noImages: 'No images yet. Pull one (docker pull nginx) or open a docker save archive.',
    noContainers: 'No containers yet. Try docker run -d --name web nginx.',
    noFiles: 'No files yet. Open or drop files; files that commands write (> file, -o) appear here too.',
    explore: 'Explore', cowView: 'Copy-on-write', download: 'Download', remove: 'Remove', load: 'docker load',
    repository: 'Repository', tag: 'Tag', imageId: 'Image ID', size: 'Size', layers: 'Layers', created: 'Created',
    name: 'Name', image: 'Image', status: 'Status', fileName: 'File', actions: '',
    pickImage: 'Image', pickContainer: 'Container',
    layerStack: 'Layers (0 is the base)', createdBy: 'Created by',
    changes: 'Changes in this layer', tree: 'Merged tree up to this layer', wasted: 'Wasted space',
    efficiency: 'Efficiency', wastedBytes: 'Wasted', imageSize: 'Image size', userWasted: 'User wasted',
    sortBy: 'Sort', byName: 'name', bySize: 'size', filter: 'Filter by name',
    added: 'added', modified: 'modified', deleted: 'deleted', whiteout: 'whiteout', opaque: 'opaque directory',
    providedBy: (n) => `layer ${n}`, deletedIn: (n) => `whited out in layer ${n}`, opaqueIn: (n) => `made opaque in layer ${n}`,
    exportLayer: 'Export layer as tar', noChanges: 'This layer changes no files (it only has metadata).',
    fileView: 'File', binary: 'binary: shown as hex', truncated: (n) => `showing the first ${n}`,
    downloadFile: 'Download file', pickFile: 'Pick a file in the tree to see its contents.',
    count: 'Count', path: 'Path', total: 'Total',
    copiedUp: 'copied up', createdKind: 'created', deletedKind: 'whited out', opaqueKind: 'opaque',
    containerLayer: 'Container layer (read-write)', initLayer: 'init layer', imageLayers: 'Image layers (read-only)',
    readPath: 'Read a path', read: 'Read', answeredBy: 'answered by', notFound: 'not found in any layer',
    cowHint: 'Change files with docker exec (for example echo hi >> /etc/motd) and watch this view.',
    noContainerChanges: 'This container has not changed any file yet.',
    step: (i, n) => `Step ${i} of ${n}`, prev: 'Previous', next: 'Next', runIt: 'Run',
    openExplorer: (x) => `Open ${x} in the explorer`, openCow: (x) => `Show ${x}'s copy-on-write view`,
    more: (n) => `${n} more not shown`, showMore: 'Show more',
    newFile: 'New file', edit: 'Edit', save: 'Save',
    keysLabel: 'On-screen keys', keyLeft: 'Left', keyUp: 'Up (previous command)', keyDown: 'Down (next command)', keyRight: 'Right',
    resizeSplit: 'Resize the terminal and the panels (arrow keys; Enter restores)',
    coreFailed: (message) => `the core did not load: ${message}`,
    restoreStep: (i, n) => `Restoring your session: step ${i} of ${n}`,
    jobLoading: 'Loading', jobPulling: 'Pulling', jobPushing: 'Pushing', jobImporting: 'Importing', jobSaving: 'Saving',
    jobStopping: 'Stopping', jobWaiting: 'Waiting', jobStats: 'Stats', jobAttached: 'Attached', jobFollowing: 'Following the logs',
    bytes: (n) => `${n} bytes`,
    containerId: 'Container ID', ports: 'Ports', mounts: 'Mounts',
    logs: 'Logs', logsTitle: (name) => `What ${name} wrote (docker logs ${name})`, noLogs: 'Nothing logged yet.',
    mountVolume: 'volume', mountBind: 'bind mount', bypassesLayers: 'bypasses the layers',
    dockerMount: 'a file Docker mounts into the running container',
    mountsBypass: 'Volumes and bind mounts: writes under them go straight there, never into the container layer or the image layers.',
    sizeDocker: 'size (Docker)', sizeDive: 'size (dive)',
    imageSizeDocker: 'Image size (Docker)', imageSizeDive: 'Image size (dive)',
    sizeDockerTitle: "Docker's size (docker images, docker history): the bytes of the regular files plus symlink targets; directories, hard links and whiteouts count nothing.",
    sizeDiveTitle: "dive's size: the sum of the sizes in the layer tar's headers, as dive adds them up; it can differ from Docker's.",
  },
  zh: {
    tagline: '在浏览器里模拟 Docker 镜像',
    loading: '正在加载内核…', ready: '就绪', restoring: '正在恢复上次的会话…',
    tabLesson: '教程', tabImages: '镜像', tabContainers: '容器', tabFiles: '文件',
    tabExplorer: '分层浏览', tabCow: '写时复制',
    upload: '打开文件', dropHint: '可以把 docker save 归档或其他文件拖到页面任意位置。文件只留在你的浏览器里。',
    cancel: '取消', reset: '重置', resetConfirm: '确定要清除本次会话的所有镜像、容器和文件吗？',
    storageUsed: (used, quota) => `浏览器存储：已用 ${used}，共 ${quota}`,
    notPersistent: '这个浏览器无法在刷新后保留数据（没有私有文件系统）。',
    restored: (n) => `已恢复上次会话的 ${n} 个步骤。`,
    notOwner: '另一个标签页正在使用这个会话：这个标签页只在内存中运行，不会保存。',
    takeOver: '接管',
    handedOver: '另一个标签页接管了这个会话：在这里的操作不再保存。',
    storageFull: '浏览器存储已满：会话仍可继续使用，但不再保存。',
    resetElsewhere: '已在另一个标签页中重置了保存的会话。',
    notSaved: '未保存',
    lastExit: (code) => `上一条命令的退出码 ${code}`,
    speed: (done, total, rate) => `${done} / ${total}${rate ? ` · ${rate}/s` : ''}`,
    noImages: '还没有镜像。先拉取一个（docker pull nginx），或者打开一个 docker save 归档。',
    noContainers: '还没有容器。试试 docker run -d --name web nginx。',
    noFiles: '还没有文件。可以打开或拖入文件；命令写出的文件（> file、-o）也会出现在这里。',
    explore: '浏览分层', cowView: '写时复制', download: '下载', remove: '删除', load: 'docker load',
    repository: '仓库', tag: '标签', imageId: '镜像 ID', size: '大小', layers: '层数', created: '创建时间',
    name: '名称', image: '镜像', status: '状态', fileName: '文件', actions: '',
    pickImage: '镜像', pickContainer: '容器',
    layerStack: '镜像层（第 0 层是基础层）', createdBy: '创建指令',
    changes: '这一层的改动', tree: '到这一层为止的合并视图', wasted: '浪费的空间',
    efficiency: '效率', wastedBytes: '浪费', imageSize: '镜像大小', userWasted: '用户层浪费',
    sortBy: '排序', byName: '名称', bySize: '大小', filter: '按名称过滤',
    added: '新增', modified: '修改', deleted: '删除', whiteout: '白障文件（whiteout）', opaque: '不透明目录',
    providedBy: (n) => `第 ${n} 层`, deletedIn: (n) => `在第 ${n} 层被删除（whiteout）`, opaqueIn: (n) => `在第 ${n} 层成为不透明目录`,
    exportLayer: '导出这一层为 tar', noChanges: '这一层没有改动文件（只有元数据）。',
    fileView: '文件', binary: '二进制文件：以十六进制显示', truncated: (n) => `只显示前 ${n}`,
    downloadFile: '下载文件', pickFile: '在目录树里点一个文件，查看它的内容。',
    count: '次数', path: '路径', total: '合计',
    copiedUp: '复制上来（copy-up）', createdKind: '新建', deletedKind: '白障删除', opaqueKind: '不透明',
    containerLayer: '容器层（可读写）', initLayer: 'init 层', imageLayers: '镜像层（只读）',
    readPath: '读取一个路径', read: '读取', answeredBy: '由这一层提供', notFound: '任何一层里都没有',
    cowHint: '用 docker exec 修改文件（例如 echo hi >> /etc/motd），看看这个视图怎么变化。',
    noContainerChanges: '这个容器还没有改动任何文件。',
    step: (i, n) => `第 ${i} 步，共 ${n} 步`, prev: '上一步', next: '下一步', runIt: '运行',
    openExplorer: (x) => `在分层浏览中打开 ${x}`, openCow: (x) => `查看 ${x} 的写时复制视图`,
    more: (n) => `还有 ${n} 项未显示`, showMore: '显示更多',
    newFile: '新建文件', edit: '编辑', save: '保存',
    keysLabel: '屏幕按键', keyLeft: '左移', keyUp: '上（上一条命令）', keyDown: '下（下一条命令）', keyRight: '右移',
    resizeSplit: '调整终端和面板的宽度（方向键；回车恢复默认）',
    coreFailed: (message) => `内核加载失败：${message}`,
    restoreStep: (i, n) => `正在恢复上次的会话：第 ${i} 步，共 ${n} 步`,
    jobLoading: '正在加载', jobPulling: '正在拉取', jobPushing: '正在推送', jobImporting: '正在导入', jobSaving: '正在保存',
    jobStopping: '正在停止', jobWaiting: '正在等待', jobStats: '资源统计', jobAttached: '已附加', jobFollowing: '正在跟踪日志',
    bytes: (n) => `${n} 字节`,
    containerId: '容器 ID', ports: '端口', mounts: '挂载',
    logs: '日志', logsTitle: (name) => `${name} 输出的内容（docker logs ${name}）`, noLogs: '还没有日志。',
    mountVolume: '卷', mountBind: '绑定挂载', bypassesLayers: '绕过了镜像层和容器层',
    dockerMount: 'Docker 挂载进运行中容器的文件',
    mountsBypass: '卷和绑定挂载：写到它们下面的内容直接写进去，不会进入容器层，也不会进入镜像层。',
    sizeDocker: '大小（Docker）', sizeDive: '大小（dive）',
    imageSizeDocker: '镜像大小（Docker）', imageSizeDive: '镜像大小（dive）',
    sizeDockerTitle: 'Docker 统计的大小（docker images、docker history）：普通文件的字节数加上符号链接目标的长度；目录、硬链接和白障文件不计。',
    sizeDiveTitle: 'dive 统计的大小：这一层 tar 头里记录的大小之和（dive 的算法），可能和 Docker 的不同。',
  },
};

const listeners = new Set();
const saved = (() => { try { return localStorage.getItem('layerlab.lang'); } catch { return null; } })();
let lang = saved in STRINGS ? saved
  : (navigator.languages ?? [navigator.language]).some((l) => /^zh\b/i.test(l ?? '')) ? 'zh' : 'en';

export const languages = { en: 'English', zh: '中文' };
export const language = () => lang;

/** The string `key` in the current language (functions are called with `args`). */
export function t(key, ...args) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return typeof s === 'function' ? s(...args) : s;
}

export function setLanguage(next) {
  if (!(next in STRINGS) || next === lang) return;
  lang = next;
  try { localStorage.setItem('layerlab.lang', next); } catch { /* private mode */ }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener(lang);
}

export function onLanguage(listener) {
  listeners.add(listener);
}
