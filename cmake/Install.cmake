# SPDX-License-Identifier: MIT
# Install rules. `cmake --install build --prefix /usr` lays out the same tree as the Debian package
# (cmake/Packaging.cmake); `cmake --install build --prefix /tmp/x --strip` is byte-for-byte that tree.
#   bin/                       lada-cli, lada-workbench
#   share/applications/        <app id>.desktop
#   share/metainfo/            <app id>.metainfo.xml (AppStream)
#   share/icons/hicolor/       lada-workbench.svg (scalable) and PNGs 16-256 px
#   share/man/man1/            lada-cli.1.gz, lada-workbench.1.gz
#   share/doc/lada-workbench/  copyright (Debian machine-readable), changelog.gz
#   share/lada-workbench/      sample/ (the MNIST sample and its ATTRIBUTION.md)
# The programs find nothing through these paths, so they run from the build folder as before.
include(GNUInstallDirs)

# The reverse-DNS id of the desktop entry and the AppStream component (io.github.<owner>.<App>;
# the owner's hyphen is written as an underscore, as the AppStream spec asks).
set(LADA_APP_ID io.github.lada_workbench.LadaWorkbench)
set(LADA_PACKAGE_NAME lada-workbench)
set(LADA_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

# 755 for every directory install creates, whatever the umask of the machine that builds the package
# (lintian: non-standard-dir-perm).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Man pages and the changelog go in gzipped (Debian policy 12.1 and 12.7); -n keeps the name and time
# out of the header so that two builds give the same bytes.
find_program(LADA_GZIP gzip REQUIRED)
set(lada_man_pages lada-cli.1)
if(LADA_BUILD_GUI)
    list(APPEND lada_man_pages lada-workbench.1)
endif()
set(lada_gzipped "")
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
foreach(source IN ITEMS ${lada_man_pages} changelog)
    if(source STREQUAL "changelog")
        set(input ${LADA_PACKAGING_DIR}/debian/changelog)
    else()
        set(input ${LADA_PACKAGING_DIR}/man/${source})
    endif()
    set(output ${PROJECT_BINARY_DIR}/packaging/${source}.gz)
    add_custom_command(OUTPUT ${output}
        COMMAND ${LADA_GZIP} -9 -n -c ${input} > ${output}
        DEPENDS ${input}
        COMMENT "Compressing ${source}")
    list(APPEND lada_gzipped ${output})
endforeach()
add_custom_target(lada_install_files ALL DEPENDS ${lada_gzipped})

install(TARGETS lada-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(page IN LISTS lada_man_pages)
    install(FILES ${PROJECT_BINARY_DIR}/packaging/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()

if(LADA_BUILD_GUI)
    install(TARGETS lada-workbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES ${LADA_PACKAGING_DIR}/desktop/${LADA_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${LADA_PACKAGING_DIR}/metainfo/${LADA_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/lada-workbench.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    foreach(size IN ITEMS 16 32 48 64 128 256)
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/lada-workbench.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
endif()

# Not CMAKE_INSTALL_DOCDIR: that is share/doc/<PROJECT_NAME>, and the project is lada_workbench.
install(FILES ${LADA_PACKAGING_DIR}/debian/copyright ${PROJECT_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${LADA_PACKAGE_NAME})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/sample/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/${LADA_PACKAGE_NAME}/sample)
