// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace lada::ui {

/**
 * Writes a PDF report of the session in `sessionFolder` to `pdfPath`: a title page (dataset, strategy,
 * classes, created, the settings), the labels per class, the accuracy per round, tau* and the virtual
 * instances' entropy per round (LADA strategies), the last round's queried images with their answers and
 * the answers per round (skips, undos). Every number comes from core (summarizeSession); the session is
 * opened read-only, model.pt is never loaded, so it runs while another program holds the session.
 *
 * GUI thread only, with a QApplication (the plots are QWidgets; QT_QPA_PLATFORM=offscreen is enough). It
 * only reads files and draws: well under a second for a session of a few hundred answers. An image that
 * cannot be decoded becomes a labeled placeholder. Returns false with `error` naming the file and the
 * reason (no session there, corrupt session.json, PDF not writable); the PDF is then not written (the
 * file appears only once complete). Throws nothing.
 */
bool writeSessionReport(const QString& sessionFolder, const QString& pdfPath, QString* error);

}  // namespace lada::ui
