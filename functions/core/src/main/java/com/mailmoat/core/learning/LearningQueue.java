package com.mailmoat.core.learning;

/** Hands verdicts to the learner (the learning queue in AWS). */
public interface LearningQueue {
    void enqueue(LearningWork work);
}
