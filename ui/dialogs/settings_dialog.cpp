// SPDX-License-Identifier: MIT
#include "ui/dialogs/settings_dialog.h"

#include "ui/worker/strategy_list.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>

namespace lada::ui {

namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, int value, const QString& tip = {})
{
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox* doubleSpin(QWidget* parent, double lo, double hi, double value, const QString& tip = {})
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setDecimals(3);
    s->setSingleStep(0.1);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

} // namespace

SettingsDialog::SettingsDialog(const SessionSettings& s, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Session settings"));
    auto* form = new QFormLayout(this);
    m_strategy = new QComboBox(this);
    m_strategy->addItems(strategyList());
    m_strategy->setCurrentText(s.strategy);
    m_model = new QComboBox(this);
    m_model->addItems({QStringLiteral("cnn"), QStringLiteral("resnet18")});
    m_model->setCurrentText(s.model);
    m_device = new QComboBox(this);
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setCurrentText(s.device);
    m_budget = spin(this, 1, 10000, s.budget, tr("b: images the oracle labels per round"));
    m_initial = spin(this, 1, 100000, s.initial, tr("n0: images labeled before round 1"));
    m_epochs = spin(this, 1, 1000, s.epochs, tr("classifier epochs after each acquisition"));
    m_gamma = doubleSpin(this, 0, 100, s.gamma, tr("γ: weight of the virtual-instance term (Eq. 13)"));
    m_lambdaSamples = spin(this, 1, 100, s.lambdaSamples, tr("N: λ samples per pair (Eq. 11)"));
    m_fixedTau = doubleSpin(this, -1, 100, s.fixedTau, tr("τ of the -fixed variants; -1 = 2.0 (manifold) or 0.2 (input)"));
    m_policyEpochs = spin(this, 1, 1000, s.policyEpochs, tr("epochs of the policy generator per round"));
    m_policyObjective = new QComboBox(this);
    m_policyObjective->addItems({QStringLiteral("exact"), QStringLiteral("curve")});
    m_policyObjective->setCurrentText(s.policyObjective);
    m_policyObjective->setToolTip(tr("exact: N mixed maps through the network per policy step (Eq. 11-12); "
                                     "curve: the score tabulated along each pair's mixing line (faster on a CPU)"));
    m_poolSubset = spin(this, 0, 10000000, s.poolSubset, tr("candidates drawn from the pool per round; 0 = all"));
    m_threads = spin(this, 0, 256, s.threads, tr("LibTorch threads; 0 = all cores"));
    m_seed = spin(this, 0, 2147483647, static_cast<int>(s.seed));
    m_tsnePoints = spin(this, 0, 5000, s.tsnePoolSample, tr("pool images in the t-SNE view; 0 turns t-SNE off"));
    m_tsneIterations = spin(this, 50, 5000, s.tsneIterations);
    form->addRow(tr("Strategy"), m_strategy);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Budget b"), m_budget);
    form->addRow(tr("Initial set"), m_initial);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("γ"), m_gamma);
    form->addRow(tr("N (λ samples)"), m_lambdaSamples);
    form->addRow(tr("Fixed τ"), m_fixedTau);
    form->addRow(tr("Policy epochs"), m_policyEpochs);
    form->addRow(tr("Policy objective"), m_policyObjective);
    form->addRow(tr("Pool subset"), m_poolSubset);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Threads"), m_threads);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("t-SNE pool points"), m_tsnePoints);
    form->addRow(tr("t-SNE iterations"), m_tsneIterations);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SessionSettings SettingsDialog::settings() const
{
    SessionSettings s;
    s.strategy = m_strategy->currentText();
    s.model = m_model->currentText();
    s.device = m_device->currentText();
    s.budget = m_budget->value();
    s.initial = m_initial->value();
    s.epochs = m_epochs->value();
    s.gamma = m_gamma->value();
    s.lambdaSamples = m_lambdaSamples->value();
    s.fixedTau = m_fixedTau->value();
    s.policyEpochs = m_policyEpochs->value();
    s.policyObjective = m_policyObjective->currentText();
    s.poolSubset = m_poolSubset->value();
    s.threads = m_threads->value();
    s.seed = static_cast<qulonglong>(m_seed->value());
    s.tsnePoolSample = m_tsnePoints->value();
    s.tsneIterations = m_tsneIterations->value();
    return s;
}

SessionSettings loadSettings()
{
    QSettings q;
    q.beginGroup(QStringLiteral("session"));
    SessionSettings d;
    SessionSettings s;
    s.strategy = q.value(QStringLiteral("strategy"), d.strategy).toString();
    s.model = q.value(QStringLiteral("model"), d.model).toString();
    s.budget = q.value(QStringLiteral("budget"), d.budget).toInt();
    s.initial = q.value(QStringLiteral("initial"), d.initial).toInt();
    s.epochs = q.value(QStringLiteral("epochs"), d.epochs).toInt();
    s.gamma = q.value(QStringLiteral("gamma"), d.gamma).toDouble();
    s.lambdaSamples = q.value(QStringLiteral("lambdaSamples"), d.lambdaSamples).toInt();
    s.fixedTau = q.value(QStringLiteral("fixedTau"), d.fixedTau).toDouble();
    s.policyEpochs = q.value(QStringLiteral("policyEpochs"), d.policyEpochs).toInt();
    s.policyObjective = q.value(QStringLiteral("policyObjective"), d.policyObjective).toString();
    s.poolSubset = q.value(QStringLiteral("poolSubset"), d.poolSubset).toInt();
    s.device = q.value(QStringLiteral("device"), d.device).toString();
    s.threads = q.value(QStringLiteral("threads"), d.threads).toInt();
    s.seed = q.value(QStringLiteral("seed"), d.seed).toULongLong();
    s.tsnePoolSample = q.value(QStringLiteral("tsnePoolSample"), d.tsnePoolSample).toInt();
    s.tsneIterations = q.value(QStringLiteral("tsneIterations"), d.tsneIterations).toInt();
    return s;
}

void saveSettings(const SessionSettings& s)
{
    QSettings q;
    q.beginGroup(QStringLiteral("session"));
    q.setValue(QStringLiteral("strategy"), s.strategy);
    q.setValue(QStringLiteral("model"), s.model);
    q.setValue(QStringLiteral("budget"), s.budget);
    q.setValue(QStringLiteral("initial"), s.initial);
    q.setValue(QStringLiteral("epochs"), s.epochs);
    q.setValue(QStringLiteral("gamma"), s.gamma);
    q.setValue(QStringLiteral("lambdaSamples"), s.lambdaSamples);
    q.setValue(QStringLiteral("fixedTau"), s.fixedTau);
    q.setValue(QStringLiteral("policyEpochs"), s.policyEpochs);
    q.setValue(QStringLiteral("policyObjective"), s.policyObjective);
    q.setValue(QStringLiteral("poolSubset"), s.poolSubset);
    q.setValue(QStringLiteral("device"), s.device);
    q.setValue(QStringLiteral("threads"), s.threads);
    q.setValue(QStringLiteral("seed"), s.seed);
    q.setValue(QStringLiteral("tsnePoolSample"), s.tsnePoolSample);
    q.setValue(QStringLiteral("tsneIterations"), s.tsneIterations);
}

} // namespace lada::ui
