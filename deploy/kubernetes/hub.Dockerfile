# The hub image for Zero to JupyterHub: the chart's own hub image (JupyterHub, KubeSpawner,
# pycurl, psycopg2, the chart's z2jh.py conventions) plus the interviewhub package, so the hub
# can load hub_config/jupyterhub_config.py and run the interview service in the hub pod.
# NOT BUILT HERE: no image registry is reachable from where this was written (see README.md).
#
#   docker build -f deploy/kubernetes/hub.Dockerfile -t registry.example.org/interviewhub/k8s-hub:0.1.0 .
#
# The room image is spawner_images/room/Dockerfile (spawner_images/build.sh).

ARG Z2JH_HUB_IMAGE=quay.io/jupyterhub/k8s-hub:4.4.0
FROM ${Z2JH_HUB_IMAGE}

USER root
COPY . /tmp/interviewhub
# constraints.txt moves JupyterHub to the version the rest of InterviewHub is tested with;
# psycopg2 is the image's own (the `postgres` extra's psycopg2-binary would shadow it)
RUN pip install --no-cache-dir -c /tmp/interviewhub/constraints.txt "/tmp/interviewhub[kubernetes]" \
    && rm -rf /tmp/interviewhub
USER 1000
