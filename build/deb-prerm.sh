#!/bin/sh
# The deb's prerm (electron-builder.yml: deb.fpm --before-remove). Before the package is removed, runs
# `gridhost cleanup` as every user who has a GridHost data folder, so each installation's containers, volumes and
# images leave Docker (they are found by that user's labels). Never fails the removal: Docker may be stopped.
set -u
case "${1:-remove}" in
  upgrade|failed-upgrade) exit 0 ;;
esac
APP=/opt/GridHost/gridhost
[ -x "$APP" ] || exit 0
getent passwd | while IFS=: read -r user _ uid _ _ home _; do
  [ "$uid" -ge 1000 ] 2>/dev/null || [ "$uid" -eq 0 ] 2>/dev/null || continue
  [ -d "$home/.config/gridhost" ] || continue
  # No display here: Chromium's headless platform lets the app run its cleanup command and exit.
  runuser -u "$user" -- env HOME="$home" "$APP" --ozone-platform=headless cleanup --quiet-if-no-docker || true
done
exit 0
