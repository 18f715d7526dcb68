// SPDX-License-Identifier: MIT
#include "ui/dialogs/open_dataset_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTextStream>

namespace lada::ui {

namespace {

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const QString& title)
{
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(QObject::tr("Browse…"), box);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, box, [edit, box, title] {
        const QString dir = QFileDialog::getExistingDirectory(box, title, edit->text());
        if (!dir.isEmpty())
            edit->setText(dir);
    });
    return box;
}

}  // namespace

QStringList readClassNames(const QString& file)
{
    QFile f(file);
    QStringList names;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return names;
    QTextStream in(&f);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            names << line;
    }
    return names;
}

OpenDatasetDialog::OpenDatasetDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Open a dataset"));
    QSettings settings;
    auto* form = new QFormLayout(this);
    m_train = new QLineEdit(settings.value(QStringLiteral("open/train")).toString(), this);
    m_test = new QLineEdit(settings.value(QStringLiteral("open/test")).toString(), this);
    m_train->setPlaceholderText(tr("train/<class>/<image>, or a folder of unlabeled images"));
    m_test->setPlaceholderText(tr("optional: test/<class>/<image>"));
    form->addRow(tr("Training images"), withBrowse(m_train, this, tr("Training folder")));
    form->addRow(tr("Test images"), withBrowse(m_test, this, tr("Test folder")));
    m_unlabeled = new QCheckBox(tr("The training images are unlabeled: I am the oracle for these classes"), this);
    form->addRow(m_unlabeled);
    m_classes = new QPlainTextEdit(this);
    m_classes->setPlaceholderText(tr("one class name per line"));
    m_classes->setMaximumHeight(120);
    m_classes->setEnabled(false);
    auto* fromFile = new QPushButton(tr("Read class names from a file…"), this);
    fromFile->setEnabled(false);
    form->addRow(tr("Classes"), m_classes);
    form->addRow(QString(), fromFile);
    connect(m_unlabeled, &QCheckBox::toggled, m_classes, &QWidget::setEnabled);
    connect(m_unlabeled, &QCheckBox::toggled, fromFile, &QWidget::setEnabled);
    connect(fromFile, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Class names"), QString(), tr("Text (*.txt);;All files (*)"));
        if (!file.isEmpty())
            m_classes->setPlainText(readClassNames(file).join(QLatin1Char('\n')));
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue(QStringLiteral("open/train"), m_train->text());
        s.setValue(QStringLiteral("open/test"), m_test->text());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, height());
}

OpenRequest OpenDatasetDialog::request() const
{
    OpenRequest r;
    r.trainSource = m_train->text().trimmed();
    r.testSource = m_test->text().trimmed();
    if (m_unlabeled->isChecked())
        for (const QString& line : m_classes->toPlainText().split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                r.classNames << line.trimmed();
    return r;
}

}  // namespace lada::ui
