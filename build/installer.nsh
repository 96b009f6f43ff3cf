; Included by electron-builder's NSIS script (electron-builder.yml: nsis.include).
; Uninstalling removes GridHost's containers, volumes, networks and images from Docker first: `GridHost.exe cleanup`
; finds them by this installation's labels. With Docker stopped it removes nothing and the uninstall goes on.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    DetailPrint "Removing GridHost's containers, volumes and images from Docker..."
    nsExec::ExecToLog '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" cleanup --quiet-if-no-docker'
  ${endIf}
!macroend
