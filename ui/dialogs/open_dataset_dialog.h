// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace lada::ui {

/**
 * Asks for a training folder (an ImageFolder tree, or a flat folder of unlabeled images with class names
 * typed or read from a text file) and an optional labeled test folder.
 */
class OpenDatasetDialog : public QDialog {
    Q_OBJECT
public:
    explicit OpenDatasetDialog(QWidget* parent = nullptr);

    /** The request (cacheFolder left empty: the window fills it in). */
    OpenRequest request() const;

private:
    QLineEdit* m_train;
    QLineEdit* m_test;
    QCheckBox* m_unlabeled;
    QPlainTextEdit* m_classes;
};

/** Class names from a text file: one per line (blank lines and lines starting with '#' ignored). */
QStringList readClassNames(const QString& file);

}  // namespace lada::ui
