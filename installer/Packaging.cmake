# Installs the shipped files and configures CPack to build pointq_<version>_amd64.deb.
# Included from the top-level CMakeLists.txt after the targets exist.
include(GNUInstallDirs)

set(POINTQ_INSTALLER_DIR ${CMAKE_SOURCE_DIR}/installer)
set(POINTQ_APP_ID io.github.pointq.Studio)

# Shipped data under share/pointq, in the same relative layout as the source tree, so
# that core/common/Resources.cpp resolves one set of relative paths in both places.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/cfgs DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq
  PATTERN "README.md" EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/cfgs/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/cfgs)
install(FILES ${CMAKE_SOURCE_DIR}/tests/data/parity/mn40_s_trained_weights_only.pth
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/tests/data/parity)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/tests/data/modelnet40/modelnet40_ply_hdf5_2048
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/tests/data/modelnet40)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/demo DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/resources)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/tests/data/scans
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/tests/data)
install(FILES ${CMAKE_SOURCE_DIR}/tests/data/SOURCES.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/pointq/tests/data)

# Desktop integration: menu entry, icons in every size the hicolor theme lists, AppStream,
# and the MIME type of .pqsession files. Debian's dpkg triggers refresh the icon cache,
# the desktop database and the MIME database, so the package needs no maintainer scripts.
install(FILES ${POINTQ_INSTALLER_DIR}/desktop/${POINTQ_APP_ID}.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${POINTQ_INSTALLER_DIR}/desktop/${POINTQ_APP_ID}.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${POINTQ_INSTALLER_DIR}/desktop/${POINTQ_APP_ID}.mime.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME ${POINTQ_APP_ID}.xml)
install(FILES ${POINTQ_INSTALLER_DIR}/desktop/${POINTQ_APP_ID}.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size 16 32 48 64 128 256)
  install(FILES ${POINTQ_INSTALLER_DIR}/desktop/icons/${POINTQ_APP_ID}-${size}.png
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
    RENAME ${POINTQ_APP_ID}.png)
endforeach()

# pointq.1 is generated from the built program's help texts (see make-pointq-man.sh);
# pointq-studio.1 is written by hand. Both are gzipped, as Debian policy asks.
find_program(POINTQ_GZIP gzip REQUIRED)
set(POINTQ_MAN_DIR ${CMAKE_BINARY_DIR}/man)
add_custom_command(OUTPUT ${POINTQ_MAN_DIR}/pointq.1
  COMMAND ${CMAKE_COMMAND} -E make_directory ${POINTQ_MAN_DIR}
  COMMAND bash ${POINTQ_INSTALLER_DIR}/man/make-pointq-man.sh $<TARGET_FILE:pointq>
          ${POINTQ_INSTALLER_DIR}/man/pointq.1.in ${POINTQ_MAN_DIR}/pointq.1
  DEPENDS pointq ${POINTQ_INSTALLER_DIR}/man/pointq.1.in ${POINTQ_INSTALLER_DIR}/man/make-pointq-man.sh
  VERBATIM)
configure_file(${POINTQ_INSTALLER_DIR}/man/pointq-studio.1 ${POINTQ_MAN_DIR}/pointq-studio.1 COPYONLY)
set(POINTQ_MAN_OUTPUTS)
foreach(page pointq.1 pointq-studio.1)
  add_custom_command(OUTPUT ${POINTQ_MAN_DIR}/${page}.gz
    COMMAND ${POINTQ_GZIP} -9 -n -c ${POINTQ_MAN_DIR}/${page} > ${POINTQ_MAN_DIR}/${page}.gz
    DEPENDS ${POINTQ_MAN_DIR}/${page} VERBATIM)
  list(APPEND POINTQ_MAN_OUTPUTS ${POINTQ_MAN_DIR}/${page}.gz)
endforeach()
add_custom_target(pointq_man_pages ALL DEPENDS ${POINTQ_MAN_OUTPUTS})
install(FILES ${POINTQ_MAN_OUTPUTS} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES ${POINTQ_INSTALLER_DIR}/completion/pointq.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pointq)

# Tags that lintian reports but that do not apply, each with its reason in the file.
install(FILES ${POINTQ_INSTALLER_DIR}/debian/lintian-overrides
  DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME pointq)

# Full RELRO for the installed programs, as Debian's hardening flags give. Only a link
# option, so it does not change any object file.
foreach(program pointq pointq-studio)
  if(TARGET ${program})
    target_link_options(${program} PRIVATE -Wl,-z,relro -Wl,-z,now)
  endif()
endforeach()

# Debian wants the licence as share/doc/<package>/copyright and a gzipped changelog,
# named changelog.gz because the version has no Debian revision (a native package).
set(POINTQ_CHANGELOG ${CMAKE_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${POINTQ_CHANGELOG}
  COMMAND ${POINTQ_GZIP} -9 -n -c ${POINTQ_INSTALLER_DIR}/debian/changelog > ${POINTQ_CHANGELOG}
  DEPENDS ${POINTQ_INSTALLER_DIR}/debian/changelog VERBATIM)
add_custom_target(pointq_changelog ALL DEPENDS ${POINTQ_CHANGELOG})
# CMAKE_INSTALL_DOCDIR would be share/doc/PointQ, after the project name, but Debian
# wants the package name.
install(FILES ${POINTQ_INSTALLER_DIR}/debian/copyright ${POINTQ_CHANGELOG}
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/pointq)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pointq)
set(CPACK_PACKAGE_VENDOR "The PointQ developers")
set(CPACK_PACKAGE_CONTACT "The PointQ developers <pointq@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "quantization workbench for PointNeXt point-cloud networks")
# Debian wants the lines of the long description at most 80 characters wide.
# string(CONCAT) joins the pieces without the list separator ';' that set() would insert.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "PointQ loads openpoints PointNeXt configs and checkpoints, builds the same\n"
  "network in LibTorch and quantizes it to INT8 on LibTorch's INT8 kernels.\n"
  "pointq-studio shows point clouds, per-layer histograms and FP32-vs-INT8\n"
  "deltas, and pointq runs the same jobs from the command line.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/pointq/pointq")
# dpkg-shlibdeps derives the shared-library packages (LibTorch, Qt 6, VTK, yaml-cpp,
# HDF5, libzip) from the binaries. The rest is loaded at run time, not linked:
# OpenBLAS with OpenMP (otherwise LibTorch's FP32 falls back to the slow reference
# BLAS), Qt's platform plugins, and a font with Chinese glyphs for the translation.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp, qt6-qpa-plugins, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
