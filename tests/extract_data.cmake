# SPDX-License-Identifier: MIT
# Extracts the shared archives into the build tree once (a stamp file marks a finished extraction).
foreach(archive mnist-png cifar10-subset catsdogs-photos)
    set(stamp "${DST}/${archive}.done")
    if(NOT EXISTS "${stamp}")
        if(NOT EXISTS "${SRC}/${archive}.tar.gz")
            message(FATAL_ERROR "missing test data ${SRC}/${archive}.tar.gz (set LADA_SHARED_DATA_DIR)")
        endif()
        file(MAKE_DIRECTORY "${DST}/${archive}")
        execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf "${SRC}/${archive}.tar.gz"
                        WORKING_DIRECTORY "${DST}/${archive}" RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "cannot extract ${SRC}/${archive}.tar.gz")
        endif()
        file(TOUCH "${stamp}")
    endif()
endforeach()
