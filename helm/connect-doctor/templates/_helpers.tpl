{{/* Chart name. */}}
{{- define "connect-doctor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name of the release's objects. */}}
{{- define "connect-doctor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "connect-doctor.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "connect-doctor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "connect-doctor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "connect-doctor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "connect-doctor.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "connect-doctor.secretName" -}}
{{- .Values.connect.auth.existingSecret | default (printf "%s-connect" (include "connect-doctor.fullname" .)) }}
{{- end }}

{{- define "connect-doctor.hasCredentials" -}}
{{- if or .Values.connect.auth.existingSecret .Values.connect.auth.username }}true{{ end }}
{{- end }}

{{/*
The connect-doctor container. Used by the standalone Deployment and, in sidecar mode, to add
the doctor to an existing Connect worker pod:
  containers:
    - name: connect
      ...
    {{- include "connect-doctor.sidecarContainer" (dict "root" . "url" "http://localhost:8083" "mode" "sidecar") | nindent 4 }}
*/}}
{{/* The container port that serves /actuator: its own when managementPort is set. */}}
{{- define "connect-doctor.managementPortName" -}}
{{- if .Values.managementPort -}}management{{- else -}}doctor{{- end -}}
{{- end }}

{{- define "connect-doctor.sidecarContainer" -}}
{{- $root := .root -}}
- name: connect-doctor
  image: {{ include "connect-doctor.image" $root }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  ports:
    - name: doctor
      containerPort: 18083
      protocol: TCP
    {{- if $root.Values.managementPort }}
    - name: management
      containerPort: {{ $root.Values.managementPort }}
      protocol: TCP
    {{- end }}
  env:
    {{- if $root.Values.managementPort }}
    - name: MANAGEMENT_SERVER_PORT
      value: {{ $root.Values.managementPort | quote }}
    {{- end }}
    - name: CONNECT_DOCTOR_CONNECT_URL
      value: {{ .url | quote }}
    - name: CONNECT_DOCTOR_TARGET_MODE
      value: {{ .mode | quote }}
    {{- if and (eq .mode "sidecar") $root.Values.targetWorkerIds }}
    - name: KAFKA_CONNECT_TARGET_WORKER_IDS
      value: {{ $root.Values.targetWorkerIds | quote }}
    {{- end }}
    - name: LOG_LEVEL
      value: {{ $root.Values.logLevel | quote }}
    - name: SPRING_CONFIG_ADDITIONAL_LOCATION
      value: optional:file:/config/
    {{- if include "connect-doctor.hasCredentials" $root }}
    - name: CONNECT_DOCTOR_CONNECT_USERNAME
      valueFrom:
        secretKeyRef:
          name: {{ include "connect-doctor.secretName" $root }}
          key: {{ $root.Values.connect.auth.usernameKey }}
    - name: CONNECT_DOCTOR_CONNECT_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "connect-doctor.secretName" $root }}
          key: {{ $root.Values.connect.auth.passwordKey }}
    {{- end }}
    {{- if $root.Values.records.azure.clientSecretSecret }}
    - name: CONNECT_DOCTOR_RECORDS_AZURE_CLIENT_SECRET
      valueFrom:
        secretKeyRef:
          name: {{ $root.Values.records.azure.clientSecretSecret }}
          key: {{ $root.Values.records.azure.clientSecretKey }}
    {{- end }}
    {{- if $root.Values.webhook.urlSecret }}
    - name: CONNECT_DOCTOR_WEBHOOK_URL
      valueFrom:
        secretKeyRef:
          name: {{ $root.Values.webhook.urlSecret }}
          key: {{ $root.Values.webhook.urlKey }}
    {{- end }}
    {{- if $root.Values.kafka.jaasConfigSecret }}
    - name: CONNECT_DOCTOR_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
      valueFrom:
        secretKeyRef:
          name: {{ $root.Values.kafka.jaasConfigSecret }}
          key: {{ $root.Values.kafka.jaasConfigKey }}
    {{- end }}
  livenessProbe:
    httpGet:
      path: /actuator/health/liveness
      port: {{ include "connect-doctor.managementPortName" $root }}
    initialDelaySeconds: 10
    periodSeconds: 10
    timeoutSeconds: 2
  readinessProbe:
    httpGet:
      path: /actuator/health/readiness
      port: {{ include "connect-doctor.managementPortName" $root }}
    periodSeconds: 10
    timeoutSeconds: 2
  startupProbe:
    httpGet:
      path: /actuator/health/liveness
      port: {{ include "connect-doctor.managementPortName" $root }}
    periodSeconds: 2
    failureThreshold: 30
  resources:
    {{- toYaml $root.Values.resources | nindent 4 }}
  securityContext:
    {{- toYaml $root.Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: connect-doctor-config
      mountPath: /config
      readOnly: true
    - name: connect-doctor-tmp
      mountPath: /tmp
{{- end }}

{{/* The volumes the doctor container mounts. */}}
{{- define "connect-doctor.volumes" -}}
- name: connect-doctor-config
  configMap:
    name: {{ include "connect-doctor.fullname" . }}
- name: connect-doctor-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}
