# Sourced by the container scripts. Some VMs (these build machines among them) let podman run
# containers only with two settings: runc instead of crun (cgroups v1 and v2 mixed), and a shim that
# drops rlimits (the process may not raise them). Both work on ordinary hosts too. Set
# CASCADE_PODMAN_DEFAULTS=1, or your own CONTAINERS_CONF, to keep podman's own settings.
if [[ -z "${CASCADE_PODMAN_DEFAULTS:-}" && -z "${CONTAINERS_CONF:-}" ]]; then
  _here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  _conf="${XDG_RUNTIME_DIR:-/tmp}/cascade-containers.conf"
  cat > "$_conf" <<CONF
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[engine.runtimes]
runc = ["$_here/runc-no-rlimits"]
CONF
  export CONTAINERS_CONF="$_conf"
fi
