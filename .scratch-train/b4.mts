import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu'); tf.enableProdMode();
console.log(tf.getBackend(), JSON.stringify(tf.env().flags));
const x=tf.randomNormal([256,64]);
for (let k=0;k<3;k++){
let t0=performance.now(); for(let i=0;i<200;i++) tf.tidy(()=>tf.add(x,x).dataSync());
console.log('add', ((performance.now()-t0)/200).toFixed(3),'ms');
t0=performance.now(); for(let i=0;i<200;i++) tf.tidy(()=>tf.tanh(x).dataSync());
console.log('tanh', ((performance.now()-t0)/200).toFixed(3),'ms');
}
